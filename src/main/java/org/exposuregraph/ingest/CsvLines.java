package org.exposuregraph.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads a CSV file one record per line (RFC 4180 quoting: fields may hold commas and doubled quotes, not
 * line breaks). Each line is decoded as strict UTF-8, so a line with bad bytes is reported, not guessed.
 */
final class CsvLines {

    /** One line: its 1-based number and either its fields or why it could not be read. */
    record Line(long number, List<String> fields, String error) {
    }

    private CsvLines() {
    }

    static void read(InputStream input, Consumer<Line> consumer) {
        readWhile(input, line -> {
            consumer.accept(line);
            return true;
        });
    }

    /** Reads lines until {@code consumer} returns false or the input ends. */
    static void readWhile(InputStream input, Predicate<Line> consumer) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] buffer = new byte[1 << 16];
        byte[] line = new byte[256];
        int length = 0;
        long number = 0;
        try (InputStream in = input) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                for (int i = 0; i < read; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        if (!consumer.test(decode(++number, line, length, decoder))) {
                            return;
                        }
                        length = 0;
                    } else {
                        if (length == line.length) {
                            line = java.util.Arrays.copyOf(line, line.length * 2);
                        }
                        line[length++] = b;
                    }
                }
            }
            if (length > 0) {
                consumer.test(decode(++number, line, length, decoder));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Line decode(long number, byte[] bytes, int length, CharsetDecoder decoder) {
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        int start = number == 1 && length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        String text;
        if (isAscii(bytes, start, length)) {
            // Most lines: no decoder needed, and the string is stored a byte a character.
            text = new String(bytes, start, length - start, StandardCharsets.US_ASCII);
        } else {
            try {
                text = decoder.reset().decode(ByteBuffer.wrap(bytes, start, length - start)).toString();
            } catch (CharacterCodingException e) {
                return new Line(number, null, "bad encoding: not valid UTF-8");
            }
        }
        return split(number, text);
    }

    private static boolean isAscii(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    static Line split(long number, String text) {
        if (text.indexOf('"') < 0) {
            return new Line(number, splitUnquoted(text), null);
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            return new Line(number, null, "unterminated quoted field");
        }
        fields.add(field.toString());
        return new Line(number, fields, null);
    }

    /** A line without quotes: the fields are what lies between the commas. */
    private static List<String> splitUnquoted(String text) {
        List<String> fields = new ArrayList<>(16);
        int from = 0;
        for (int comma = text.indexOf(','); comma >= 0; comma = text.indexOf(',', from)) {
            fields.add(text.substring(from, comma));
            from = comma + 1;
        }
        fields.add(text.substring(from));
        return fields;
    }
}
