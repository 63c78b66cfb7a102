package io.wshandshake.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's README.md as fenced blocks, each with its language, the HTML comment on the line before its fence
 * (such as {@code <!-- sample-output -->}), and the README line of its first line, for messages that point there.
 */
final class Readme {

    private static final Pattern MARKER = Pattern.compile("^<!--\\s*(.*?)\\s*-->$");

    private Readme() {
    }

    /** The README of the project this module belongs to. */
    static Path path() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir.resolve("README.md");
            }
        }
        throw new IllegalStateException("No README.md next to mvnw above " + Path.of("").toAbsolutePath());
    }

    static List<String> lines() throws IOException {
        return Files.readAllLines(path(), StandardCharsets.UTF_8);
    }

    static List<Block> blocks() throws IOException {
        List<String> lines = lines();
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("```")) {
                continue;
            }
            String language = lines.get(i).substring(3).strip();
            Matcher marker = (i > 0) ? MARKER.matcher(lines.get(i - 1).strip()) : null;
            int first = i + 1;
            int end = first;
            while (end < lines.size() && !lines.get(end).startsWith("```")) {
                end++;
            }
            blocks.add(new Block(language, (marker != null && marker.matches()) ? marker.group(1) : "", first + 1,
                    lines.subList(first, end)));
            i = end;
        }
        return blocks;
    }

    /** The one block marked {@code <!-- marker -->}. */
    static Block marked(String marker) throws IOException {
        List<Block> marked = blocks().stream().filter(block -> block.marker().equals(marker)).toList();
        if (marked.size() != 1) {
            throw new IllegalStateException("README.md has " + marked.size() + " blocks marked <!-- " + marker
                    + " -->, not one");
        }
        return marked.get(0);
    }

    /**
     * A fenced block.
     * @param language what follows the opening fence, such as {@code java}
     * @param marker the HTML comment on the line before the fence, without {@code <!--} and {@code -->}
     * @param line the README line (from 1) of the block's first line
     * @param lines the block's lines
     */
    record Block(String language, String marker, int line, List<String> lines) {

        String text() {
            return String.join("\n", this.lines) + "\n";
        }
    }
}
