package io.wshandshake.apisnapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PublicApiSnapshotTest {

    private final PublicApiSnapshot snapshot = PublicApiSnapshot.of("example", ExampleApi.class);

    @Test
    void listsPublicAndProtectedTypesAndMembersSortedWithConstantValues() {
        List<Class<?>> types = new ArrayList<>(Arrays.asList(ExampleApi.class.getDeclaredClasses()));
        types.add(ExampleApi.class);
        assertThat(PublicApiSnapshot.listing(types)).isEqualTo("""
                public class io.wshandshake.apisnapshot.ExampleApi<T extends java.lang.Comparable<T>> \
                implements java.util.function.Supplier<java.util.List<T>>
                  public static final java.lang.String KEY = "a \\"key\\"\\u000a"
                  public static final int LIMIT = 3
                  protected int count
                  protected ExampleApi()
                  public ExampleApi(java.lang.String...)
                  public final void fail(int[][])
                  public static <E extends java.lang.Exception> void fail(\
                java.util.Map<java.lang.String, ? super java.lang.Integer>) throws E
                  public java.util.List<T> get()
                  @Deprecated(since = "0.2.0") public void old()

                protected abstract static class io.wshandshake.apisnapshot.ExampleApi$Base
                  protected Base()

                public interface io.wshandshake.apisnapshot.ExampleApi$Callback
                  public void call(java.util.List<? extends java.lang.Number>)
                  public default java.lang.String name()

                public enum io.wshandshake.apisnapshot.ExampleApi$Kind
                  public static final io.wshandshake.apisnapshot.ExampleApi$Kind ONE
                  public static final io.wshandshake.apisnapshot.ExampleApi$Kind TWO
                  public static io.wshandshake.apisnapshot.ExampleApi$Kind valueOf(java.lang.String)
                  public static io.wshandshake.apisnapshot.ExampleApi$Kind[] values()

                public record io.wshandshake.apisnapshot.ExampleApi$Point
                  public Point(int, int)
                  public final boolean equals(java.lang.Object)
                  public final int hashCode()
                  public final java.lang.String toString()
                  public int x()
                  public int y()

                public sealed interface io.wshandshake.apisnapshot.ExampleApi$Shape \
                permits io.wshandshake.apisnapshot.ExampleApi$Square

                public record io.wshandshake.apisnapshot.ExampleApi$Square \
                implements io.wshandshake.apisnapshot.ExampleApi$Shape
                  public Square(int)
                  public final boolean equals(java.lang.Object)
                  public final int hashCode()
                  public int side()
                  public final java.lang.String toString()
                """);
    }

    @Test
    void differenceNamesEachMemberWithItsTypeAndSaysHowToUpdate() {
        String expected = """
                # header
                public final class a.A
                  public void kept()
                  public void removed()

                public interface a.B<T> extends a.C
                  public T value()
                """;
        String actual = """
                public final class a.A
                  public void added(int)
                  public void kept()

                public interface a.B<T> extends a.C, a.D
                  public T value()
                """;
        assertThat(this.snapshot.difference(expected, actual)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("The public API of example is not what ")
                .contains("""
                          - a.A: public void removed()
                          - public interface a.B<T> extends a.C
                          + a.A: public void added(int)
                          + public interface a.B<T> extends a.C, a.D
                        """)
                .doesNotContain("kept", "value()")
                .endsWith("./mvnw -pl example -am test -Dtest=ApiSnapshotTest -Dapi.snapshot.update=true\n"));
    }

    @Test
    void commentsBlankLinesAndLineEndingsMakeNoDifference() {
        assertThat(this.snapshot.difference("# old header\r\npublic class a.A\r\n  public A()\r\n\r\n",
                "public class a.A\n  public A()\n")).isEmpty();
    }
}
