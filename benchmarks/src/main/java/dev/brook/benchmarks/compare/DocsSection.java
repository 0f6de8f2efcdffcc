package dev.brook.benchmarks.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * Replaces the body of one level-2 section of a Markdown file, keeping the rest. The body runs from
 * the line after the {@code ## Heading} line to the next level-2 heading (its {@code ###}
 * subsections are part of it) or the end of the file. Stateless.
 */
public final class DocsSection {
    private DocsSection() {
    }

    /**
     * Returns {@code document} with the body of section {@code heading} (its title, without the
     * {@code ## }) replaced by {@code newBody}. A "(not measured yet)" note after the section's link
     * in a contents list is dropped.
     *
     * @throws IllegalArgumentException if the document has no such section
     */
    public static String replaceBody(String document, String heading, String newBody) {
        String headingLine = "## " + heading;
        List<String> lines = new ArrayList<>(List.of(document.split("\n", -1)));
        int start = lines.indexOf(headingLine);
        if (start < 0) {
            throw new IllegalArgumentException("no section '" + headingLine + "' in the document");
        }
        int end = start + 1;
        boolean inFence = false;
        while (end < lines.size()) {
            String line = lines.get(end);
            if (line.startsWith("```")) {
                inFence = !inFence;
            } else if (!inFence && line.startsWith("## ")) {
                break;
            }
            end++;
        }
        boolean atEnd = end == lines.size();
        List<String> body = new ArrayList<>();
        body.add("");
        body.addAll(List.of(newBody.strip().split("\n", -1)));
        body.add("");
        lines.subList(start + 1, end).clear();
        lines.addAll(start + 1, body);
        String anchor = "](#" + anchor(heading) + ")";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.contains(anchor) && line.endsWith(" (not measured yet)")) {
                lines.set(i, line.substring(0, line.length() - " (not measured yet)".length()));
            }
        }
        String result = String.join("\n", lines);
        // A section at the end of the file leaves exactly one newline after it.
        return atEnd ? result.stripTrailing() + "\n" : result;
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
    static String anchor(String heading) {
        return heading.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }
}
