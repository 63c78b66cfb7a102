package io.wshandshake.apisnapshot;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Every shape {@link PublicApiSnapshot} lists, and some it leaves out, for {@link PublicApiSnapshotTest}. */
public class ExampleApi<T extends Comparable<T>> implements Supplier<List<T>> {

    public static final String KEY = "a \"key\"\n";

    public static final int LIMIT = 3;

    protected int count;

    String packagePrivate;

    public ExampleApi(String... names) {
    }

    protected ExampleApi() {
    }

    @Override
    public List<T> get() {
        return List.of();
    }

    public static <E extends Exception> void fail(Map<String, ? super Integer> counts) throws E {
    }

    public final void fail(int[][] values) {
    }

    void hidden() {
    }

    @Deprecated(since = "0.2.0")
    public void old() {
    }

    public enum Kind {
        ONE, TWO {
            @Override
            public String toString() {
                return "two";
            }
        }
    }

    public sealed interface Shape permits Square, Circle {
    }

    public record Square(int side) implements Shape {
    }

    private record Circle(int radius) implements Shape {
    }

    public interface Callback {

        void call(List<? extends Number> values);

        default String name() {
            return "";
        }
    }

    public record Point(int x, int y) {
    }

    protected abstract static class Base {
    }

    private static final class Hidden {

        public void notListed() {
        }
    }
}
