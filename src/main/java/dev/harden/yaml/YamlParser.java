package dev.harden.yaml;

import dev.harden.HardenException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses YAML text into {@link YamlNode}s with file:line locations. Only composes the node
 * graph (SnakeYAML's safe path): no Java objects are ever built, and an explicit tag is an error
 * rather than a silent reinterpretation.
 * Bounded: at most {@value #MAX_CODE_POINTS} characters of text, {@link NodeConverter#MAX_VALUES}
 * values after alias expansion, {@link NodeConverter#MAX_DEPTH} levels of nesting.
 */
public final class YamlParser {

    static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

    private YamlParser() {
    }

    /** Parses one document; an empty file is an empty mapping. */
    public static YamlNode parse(String file, byte[] content) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        // above StrictEvents' limit, which says where: this one is only a backstop
        options.setNestingDepthLimit(2 * NodeConverter.MAX_DEPTH + 2);
        String text = new String(content, StandardCharsets.UTF_8);
        try {
            var events = new StrictEvents(new ParserImpl(new StreamReader(new StringReader(text)), options), file);
            Node root = new Composer(events, new Resolver(), options).getSingleNode();
            if (root == null) {
                return new YamlNode.Mapping(Map.of(), Map.of(), new YamlNode.Location(file, 1));
            }
            return new NodeConverter(file).convert(root);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new HardenException(new YamlNode.Location(file, line) + ": invalid YAML: "
                    + problem.replace('\n', ' ').trim() + " (fix the syntax)");
        } catch (YAMLException e) {
            throw new HardenException(file + ": invalid YAML: " + oneLine(e.getMessage()));
        }
    }

    private static String oneLine(String message) {
        return message == null ? "unreadable" : message.replace('\n', ' ').trim();
    }
}
