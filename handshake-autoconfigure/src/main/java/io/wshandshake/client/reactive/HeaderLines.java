package io.wshandshake.client.reactive;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A transport's header lines as the validator reads them: every line a value, names kept as received. The names
 * are not folded here: the validator merges names that differ only in ASCII case itself (RFC 9110 section 5.1), so
 * a hash map keyed by the name as received is enough, and cheaper than a case-insensitive sorted one.
 */
final class HeaderLines {

    private HeaderLines() {
    }

    /** Every line of {@code lines}, in order, under its name as received. */
    static <T> Map<String, List<String>> of(Iterable<T> lines, Function<T, String> name, Function<T, String> value) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (T line : lines) {
            String key = name.apply(line);
            List<String> previous = map.putIfAbsent(key, Collections.singletonList(value.apply(line)));
            if (previous != null) {
                map.put(key, appended(previous, value.apply(line)));
            }
        }
        return map;
    }

    /** Most names have one line, so a growable list is made only for a second one, and grown in place after. */
    private static List<String> appended(List<String> lines, String line) {
        if (lines instanceof ArrayList<String> more) {
            more.add(line);
            return more;
        }
        List<String> more = new ArrayList<>(4);
        more.addAll(lines);
        more.add(line);
        return more;
    }
}
