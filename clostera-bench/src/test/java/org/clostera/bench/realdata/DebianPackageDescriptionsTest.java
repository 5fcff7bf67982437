package org.clostera.bench.realdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.clostera.bench.realdata.DebianPackageDescriptions.Selection;
import org.clostera.bench.realdata.DebianPackageDescriptions.Sentence;
import org.junit.jupiter.api.Test;

class DebianPackageDescriptionsTest {
    private static final String INDEX = """
            Package: python3-a
            Version: 1.0
            Section: python
            Description: parser for A files
             A longer description that is not used.
             .
             More of it.
            Tag: role::program

            Package: python3-b
            Section: python
            Description: Python   bindings for   B

            Package: python3-c
            Section: python
            Description: shared text

            Package: python3-d
            Section: python
            Description: transitional package for python3-a

            Package: game-a
            Section: games
            Description: a puzzle game

            Package: game-b
            Section: games
            Description: shared text

            Package: game-c
            Section: games
            Description: a racing game

            Package: game-d
            Section: games
            Description: A racing game

            Package: game-a
            Section: games
            Description: a second stanza of game-a

            Package: doc-a
            Section: doc
            Description: the manual of A

            Package: no-section
            Description: dropped: no section
            """;

    private static List<Sentence> parsed() {
        return DebianPackageDescriptions.parse(new BufferedReader(new StringReader(INDEX)));
    }

    @Test
    void readsNameSectionAndTheFirstDescriptionLine() {
        List<Sentence> sentences = parsed();
        assertThat(sentences).hasSize(10);
        assertThat(sentences.get(0)).isEqualTo(new Sentence("python3-a", "python", "parser for A files"));
        assertThat(sentences.get(1).text()).isEqualTo("Python bindings for B");
    }

    @Test
    void keepsUnambiguousDescriptionsOfTheLargestSections() {
        Selection selection = DebianPackageDescriptions.select(parsed(), 2, 10);

        // python: a, b (c's text is also in games, d is transitional); games: a (first stanza), c or d (the same
        // text up to case, kept once); doc has one package and is not among the 2 largest.
        assertThat(selection.classes()).containsExactly("games", "python");
        assertThat(selection.sentences()).extracting(Sentence::packageName)
                .containsExactlyInAnyOrder("python3-a", "python3-b", "game-a", representativeOfRacingGame());
        assertThat(selection.sentences()).extracting(Sentence::text).contains("a puzzle game")
                .doesNotContain("shared text", "a second stanza of game-a");
        for (int i = 0; i < selection.labels().length; i++) {
            assertThat(selection.classes().get(selection.labels()[i]))
                    .isEqualTo(selection.sentences().get(i).section());
        }
    }

    /** The racing game kept is the one whose name comes first by SHA-256. */
    private static String representativeOfRacingGame() {
        return DebianPackageDescriptions.sha256("game-c").compareTo(DebianPackageDescriptions.sha256("game-d")) < 0
                ? "game-c" : "game-d";
    }

    @Test
    void capsEachSectionAndOrdersRowsByTheHashOfTheirName() {
        Selection selection = DebianPackageDescriptions.select(parsed(), 2, 1);
        assertThat(selection.sentences()).hasSize(2);
        List<String> names = selection.sentences().stream().map(Sentence::packageName).toList();
        assertThat(names).isSortedAccordingTo((a, b) -> DebianPackageDescriptions.sha256(a)
                .compareTo(DebianPackageDescriptions.sha256(b)));
    }

    @Test
    void theSelectionDoesNotDependOnTheIndexOrderOfDistinctPackages() {
        List<Sentence> sentences = new ArrayList<>(parsed());
        sentences.remove(8); // the second stanza of game-a: its position decides which one counts
        Selection forward = DebianPackageDescriptions.select(sentences, 2, 10);
        Collections.reverse(sentences);
        Selection backward = DebianPackageDescriptions.select(sentences, 2, 10);
        assertThat(backward.sentences()).isEqualTo(forward.sentences());
        assertThat(backward.labels()).isEqualTo(forward.labels());
    }

    @Test
    void saysWhenTheIndexHasTooFewSections() {
        assertThatThrownBy(() -> DebianPackageDescriptions.select(parsed(), 4, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the index has only 3 usable sections, 4 requested");
    }
}
