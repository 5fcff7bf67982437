package org.clostera.bench.realdata;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Labelled sentences from a Debian package index (the deb822 text of {@code apt-cache dumpavail} or of an
 * apt {@code Packages} file): each package's one-line description, labelled with its archive section
 * ({@code python}, {@code games}, {@code science}, ...). Public, offline on any Debian machine, with a label
 * every maintainer chose by hand.
 *
 * <p>The selection is deterministic for a given index: packages are kept once (first stanza of a name);
 * transitional and dummy packages are dropped; a description that occurs in more than one section is
 * dropped everywhere (its label is ambiguous) and one that repeats within a section is kept once; the
 * {@code classes} sections with the most remaining packages are taken (ties by name), and from each the
 * {@code perClass} packages first in the order of SHA-256 of their name (a fixed pseudo-random sample). Rows
 * come in that hash order across sections, so labels are interleaved; class ids follow the sections' names
 * in alphabetical order.
 */
public final class DebianPackageDescriptions {
    /** One labelled row. */
    public record Sentence(String packageName, String section, String text) {
    }

    /**
     * The chosen rows.
     *
     * @param classes   the chosen sections; class id i is {@code classes.get(i)}
     * @param sentences the rows in output order
     * @param labels    the class id of each row
     */
    public record Selection(List<String> classes, List<Sentence> sentences, int[] labels) {
    }

    private DebianPackageDescriptions() {
    }

    /**
     * Reads the {@code Package}, {@code Section} and {@code Description} (first line) of every stanza;
     * stanzas without one of them are skipped.
     */
    public static List<Sentence> parse(BufferedReader index) {
        List<Sentence> result = new ArrayList<>();
        Map<String, String> fields = new HashMap<>();
        try {
            for (String line = index.readLine(); ; line = index.readLine()) {
                if (line == null || line.isBlank()) {
                    addIfComplete(fields, result);
                    fields.clear();
                    if (line == null) {
                        break;
                    }
                } else if (Character.isWhitespace(line.charAt(0))) {
                    continue; // a continuation line: long descriptions and tags are not used
                } else {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        fields.putIfAbsent(line.substring(0, colon), line.substring(colon + 1).trim());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the package index", e);
        }
        return result;
    }

    private static void addIfComplete(Map<String, String> fields, List<Sentence> result) {
        String name = fields.get("Package");
        String section = fields.get("Section");
        String description = fields.get("Description");
        if (name != null && section != null && description != null && !description.isEmpty()) {
            result.add(new Sentence(name, section, description.replaceAll("\\s+", " ")));
        }
    }

    /** The deterministic selection described in the class comment. */
    public static Selection select(List<Sentence> packages, int classes, int perClass) {
        if (classes < 2 || perClass < 1) {
            throw new IllegalArgumentException("need classes >= 2 and perClass >= 1, got " + classes + ", "
                    + perClass);
        }
        Map<String, String> hashes = new HashMap<>();
        Comparator<Sentence> hashOrder = Comparator.comparing((Sentence s) -> hashes.computeIfAbsent(s.packageName(),
                DebianPackageDescriptions::sha256)).thenComparing(Sentence::packageName);
        List<Sentence> eligible = eligible(packages, hashOrder);
        Map<String, List<Sentence>> bySection = new TreeMap<>();
        for (Sentence s : eligible) {
            bySection.computeIfAbsent(s.section(), x -> new ArrayList<>()).add(s);
        }
        List<String> chosen = bySection.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, List<Sentence>>>comparingInt(e -> -e.getValue().size())
                        .thenComparing(Map.Entry::getKey))
                .limit(classes).map(Map.Entry::getKey).sorted().toList();
        if (chosen.size() < classes) {
            throw new IllegalArgumentException("the index has only " + chosen.size() + " usable sections, "
                    + classes + " requested");
        }
        List<Sentence> rows = new ArrayList<>();
        for (String section : chosen) {
            List<Sentence> members = new ArrayList<>(bySection.get(section));
            members.sort(hashOrder);
            rows.addAll(members.subList(0, Math.min(perClass, members.size())));
        }
        rows.sort(hashOrder);
        int[] labels = new int[rows.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = chosen.indexOf(rows.get(i).section());
        }
        return new Selection(chosen, List.copyOf(rows), labels);
    }

    /** One stanza per package, no transitional or dummy packages, each description once and in one section. */
    private static List<Sentence> eligible(List<Sentence> packages, Comparator<Sentence> hashOrder) {
        Set<String> names = new HashSet<>();
        Map<String, Set<String>> sectionsOfText = new HashMap<>();
        Map<String, Sentence> firstOfText = new LinkedHashMap<>();
        for (Sentence s : packages) {
            if (!names.add(s.packageName()) || isPlaceholder(s.text())) {
                continue;
            }
            String key = s.text().toLowerCase(Locale.ROOT);
            sectionsOfText.computeIfAbsent(key, x -> new HashSet<>()).add(s.section());
            Sentence first = firstOfText.get(key);
            if (first == null || hashOrder.compare(s, first) < 0) {
                firstOfText.put(key, s); // the same representative whatever the index's order
            }
        }
        List<Sentence> result = new ArrayList<>();
        for (Map.Entry<String, Sentence> e : firstOfText.entrySet()) {
            if (sectionsOfText.get(e.getKey()).size() == 1) {
                result.add(e.getValue());
            }
        }
        return result;
    }

    private static boolean isPlaceholder(String description) {
        String lower = description.toLowerCase(Locale.ROOT);
        return lower.contains("transitional") || lower.contains("dummy package");
    }

    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
