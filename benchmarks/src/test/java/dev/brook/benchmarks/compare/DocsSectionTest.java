package dev.brook.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DocsSectionTest {
    private static final String DOC = """
            # Title

            - [Embedded](#embedded)
            - [Brook and Apache Kafka compared](#brook-and-apache-kafka-compared) (not measured yet)

            ## Embedded

            keep me

            ## Brook and Apache Kafka compared

            Not measured yet.

            ### Old subsection

            ```sh
            ## not a heading inside a fence
            ```

            ## End to end, over the network

            keep me too
            """;

    @Test
    void replacesTheBodyUpToTheNextLevelTwoHeadingAndKeepsTheRest() {
        String updated = DocsSection.replaceBody(DOC, "Brook and Apache Kafka compared", "New body.\n\n### Sub\n\nrows");

        assertThat(updated).isEqualTo("""
                # Title

                - [Embedded](#embedded)
                - [Brook and Apache Kafka compared](#brook-and-apache-kafka-compared)

                ## Embedded

                keep me

                ## Brook and Apache Kafka compared

                New body.

                ### Sub

                rows

                ## End to end, over the network

                keep me too
                """);
    }

    @Test
    void replacingTwiceGivesTheSameDocument() {
        String once = DocsSection.replaceBody(DOC, "Brook and Apache Kafka compared", "body");
        assertThat(DocsSection.replaceBody(once, "Brook and Apache Kafka compared", "body")).isEqualTo(once);
    }

    @Test
    void aSectionAtTheEndOfTheFileEndsWithOneNewline() {
        String updated = DocsSection.replaceBody("# T\n\n## Last\n\nold\n\n", "Last", "new\n");
        assertThat(updated).isEqualTo("# T\n\n## Last\n\nnew\n");
    }

    @Test
    void aMissingSectionIsACallersMistake() {
        assertThatThrownBy(() -> DocsSection.replaceBody(DOC, "Nope", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("## Nope");
    }
}
