package io.mysqlmongosync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the README, the pages under {@code docs/} and the chart's README points at a file that
 * exists and, with a {@code #fragment}, at a heading of that page (GitHub's anchors: lower case, punctuation but
 * hyphens and underscores dropped, spaces as hyphens), so moving a section never leaves a dead link behind.
 */
class DocumentationLinksTest {

    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.*)$");

    @Test
    void everyRelativeLinkReachesAFileAndAHeading() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md"), Path.of("helm/mysql-mongo-sync/README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> dead = new ArrayList<>();
        for (Path page : pages) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(2);
                if (target.matches("^(https?|mailto):.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path to = file.isEmpty() ? page : page.resolveSibling(file).normalize();
                if (!Files.exists(to)) {
                    dead.add(page + ": " + target + " (no such file)");
                } else if (hash >= 0 && to.toString().endsWith(".md")
                        && !anchors(to).contains(target.substring(hash + 1))) {
                    dead.add(page + ": " + target + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), dead);
    }

    /** The anchors of the headings of {@code page}, code blocks left out. */
    static Set<String> anchors(Path page) throws IOException {
        Set<String> out = new HashSet<>();
        boolean code = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                code = !code;
            }
            Matcher h = HEADING.matcher(line);
            if (!code && h.matches()) {
                out.add(h.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
                        .replace(' ', '-'));
            }
        }
        return out;
    }
}
