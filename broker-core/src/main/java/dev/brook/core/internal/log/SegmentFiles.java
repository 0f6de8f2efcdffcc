package dev.brook.core.internal.log;

import java.nio.file.Path;

/**
 * The names of a segment's files: {@code <20-digit base offset>.log}, {@code .index} and
 * {@code .timeindex}, so that a directory listing sorts segments by offset. A segment being
 * deleted gets {@code .deleted} appended to each name.
 */
final class SegmentFiles {
    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    static final String DELETED_SUFFIX = ".deleted";

    private SegmentFiles() {
    }

    static String baseName(long baseOffset) {
        String digits = Long.toString(baseOffset);
        StringBuilder name = new StringBuilder(20);
        for (int i = digits.length(); i < 20; i++) {
            name.append('0');
        }
        return name.append(digits).toString();
    }

    static Path logFile(Path dir, long baseOffset) {
        return dir.resolve(baseName(baseOffset) + LOG_SUFFIX);
    }

    static Path indexFile(Path dir, long baseOffset) {
        return dir.resolve(baseName(baseOffset) + INDEX_SUFFIX);
    }

    static Path timeIndexFile(Path dir, long baseOffset) {
        return dir.resolve(baseName(baseOffset) + TIME_INDEX_SUFFIX);
    }

    /** The base offset of a file named {@code <digits><suffix>}, or -1 when the name is not of that form. */
    static long baseOffsetOf(String fileName, String suffix) {
        if (!fileName.endsWith(suffix)) {
            return -1;
        }
        String digits = fileName.substring(0, fileName.length() - suffix.length());
        if (digits.length() != 20) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return -1;
            }
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
