package io.actionwatch.ingest.edge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A numbered symbol version such as {@code GLIBC_2.27}, {@code GLIBCXX_3.4.25} or {@code CXXABI_1.3.11}: a family and
 * a dotted number, ordered numerically within the family (2.9 &lt; 2.17, which string order gets wrong).
 */
record SymbolVersion(String family, List<Integer> numbers) implements Comparable<SymbolVersion> {

    private static final Pattern NUMBERED = Pattern.compile("([A-Z][A-Z0-9]*)_(\\d+(?:\\.\\d+)*)");

    private static final Comparator<List<Integer>> NUMERIC = (a, b) -> {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            int difference = Integer.compare(i < a.size() ? a.get(i) : 0, i < b.size() ? b.get(i) : 0);
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    };

    /** The numbered version {@code name} spells, or empty for an unnumbered one such as {@code GLIBC_PRIVATE}. */
    static Optional<SymbolVersion> parse(String name) {
        Matcher matcher = NUMBERED.matcher(name);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        List<Integer> numbers = new ArrayList<>();
        for (String part : matcher.group(2).split("\\.")) {
            numbers.add(Integer.parseInt(part));
        }
        return Optional.of(new SymbolVersion(matcher.group(1), List.copyOf(numbers)));
    }

    /** For constants written in the code: {@code name} must be a numbered version. */
    static SymbolVersion of(String name) {
        return parse(name).orElseThrow(() -> new IllegalArgumentException("not a numbered symbol version: " + name));
    }

    boolean isNewerThan(SymbolVersion other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(SymbolVersion other) {
        if (!family.equals(other.family)) {
            throw new IllegalArgumentException("cannot order " + this + " against " + other + ": different families");
        }
        return NUMERIC.compare(numbers, other.numbers);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(family).append('_');
        for (int i = 0; i < numbers.size(); i++) {
            out.append(i == 0 ? "" : ".").append(numbers.get(i));
        }
        return out.toString();
    }
}
