package org.exposuregraph.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON imports are UTF-8, as RFC 8259 requires between systems: a UTF-16 or UTF-32 document (which Jackson
 * would otherwise detect and accept) is refused with a message saying so, and bytes that are not UTF-8 fail.
 */
final class StrictUtf8 {

    static final String NOT_UTF8 = "not UTF-8: JSON imports must be encoded as UTF-8 (this looks like UTF-16 or UTF-32)";
    static final String BAD_BYTES = "not valid UTF-8: the document holds bytes that are not UTF-8";

    /** Why the document cannot be read as UTF-8. */
    static final class NotUtf8 extends IOException {
        NotUtf8(String message) {
            super(message);
        }
    }

    private StrictUtf8() {
    }

    /** A reader that refuses UTF-16/32 up front (by its BOM or its zero bytes) and any malformed UTF-8 later. */
    static Reader reader(InputStream input) throws IOException {
        PushbackInputStream in = new PushbackInputStream(input, 4);
        byte[] head = new byte[4];
        int read = in.readNBytes(head, 0, 4);
        if (read > 0) {
            in.unread(head, 0, read);
        }
        boolean bom16or32 = read >= 2 && ((head[0] == (byte) 0xFE && head[1] == (byte) 0xFF)
                || (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE));
        boolean zeros = false;
        for (int i = 0; i < read; i++) {
            zeros |= head[i] == 0;
        }
        if (bom16or32 || zeros) {
            throw new NotUtf8(NOT_UTF8);
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    /** Whether a parse failure came from bytes that are not UTF-8. */
    static boolean causedByBadBytes(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CharacterCodingException) {
                return true;
            }
        }
        return false;
    }
}
