package dev.harden.resource;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Unified diffs of file contents, with three lines of context (java-diff-utils). */
public final class TextDiff {

    private TextDiff() {
    }

    public static String unified(String path, byte[] before, byte[] after, String afterLabel) {
        List<String> oldLines = lines(before);
        List<String> newLines = lines(after);
        Patch<String> patch = DiffUtils.diff(oldLines, newLines);
        if (patch.getDeltas().isEmpty()) {
            return "";
        }
        String from = before == null ? "/dev/null" : path + " (on host)";
        String to = after == null ? "/dev/null" : path + " (" + afterLabel + ")";
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(from, to, oldLines, patch, 3);
        return String.join("\n", diff) + "\n";
    }

    private static List<String> lines(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return List.of();
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (text.endsWith("\n")) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
