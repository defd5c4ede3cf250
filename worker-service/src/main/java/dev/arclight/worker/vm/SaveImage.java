package dev.arclight.worker.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * A libvirt QEMU save image ({@code virDomainSave}): a 92-byte header ({@code LibvirtQemudSave},
 * version 2, the length of the data area, was-running, compressed, the cookie's offset, in host
 * byte order), a data area holding the domain XML and libvirt's migration cookie, each NUL-ended,
 * padded with zeros (libvirt leaves 64 KiB so that the XML can be edited in place), then QEMU's
 * migration stream.
 *
 * <p>Why edit the file rather than pass a new XML to {@code virDomainRestoreFlags}: libvirt checks
 * a caller's XML for ABI stability against the saved one, and that check refuses another UUID; two
 * running domains cannot share one. So each clone gets a copy of the template's image whose XML
 * names it (name, UUID, its own socket and console paths, its metadata); the stream is untouched.
 */
final class SaveImage {

    private static final byte[] MAGIC = "LibvirtQemudSave".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_BYTES = 92;
    private static final int VERSION = 2;

    private SaveImage() {}

    /** The domain XML inside a save image. */
    static String xml(Path image) {
        try (var channel = FileChannel.open(image, StandardOpenOption.READ)) {
            var header = header(channel);
            var data = data(channel, header);
            return new String(data, 0, nul(data, 0), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the save image " + image, e);
        }
    }

    /** Copies the template's image to {@code clone} with its XML rewritten by {@code rewrite}. */
    static void copyWithXml(Path template, Path clone, UnaryOperator<String> rewrite) {
        try {
            Files.copy(template, clone, StandardCopyOption.REPLACE_EXISTING);
            try (var channel = FileChannel.open(clone, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                var header = header(channel);
                var data = data(channel, header);
                int xmlEnd = nul(data, 0);
                int cookieOffset = header.getInt(32);
                byte[] cookie = cookieOffset > 0
                        ? Arrays.copyOfRange(data, cookieOffset, nul(data, cookieOffset))
                        : new byte[0];
                var xml = rewrite.apply(new String(data, 0, xmlEnd, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8);
                int needed = xml.length + 1 + (cookie.length > 0 ? cookie.length + 1 : 0);
                if (needed > data.length) {
                    throw new IOException("the rewritten XML does not fit the image's data area (" + needed + " > "
                            + data.length + " bytes)");
                }
                var rewritten = ByteBuffer.allocate(data.length);
                rewritten.put(xml).put((byte) 0);
                if (cookie.length > 0) {
                    rewritten.put(cookie).put((byte) 0);
                }
                header.putInt(32, cookie.length > 0 ? xml.length + 1 : 0);
                channel.write(header.rewind(), 0);
                channel.write(rewritten.rewind(), HEADER_BYTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + clone + " from " + template + ": " + e.getMessage(), e);
        }
    }

    private static ByteBuffer header(FileChannel channel) throws IOException {
        var header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.nativeOrder());
        while (header.hasRemaining()) {
            if (channel.read(header, header.position()) < 0) {
                throw new IOException("shorter than a save image header");
            }
        }
        var magic = Arrays.copyOf(header.array(), MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(
                    "not a complete libvirt save image (magic " + new String(magic, StandardCharsets.US_ASCII) + ")");
        }
        if (header.getInt(16) != VERSION || header.getInt(28) != 0) {
            throw new IOException(
                    "unsupported save image: version " + header.getInt(16) + ", compressed " + header.getInt(28));
        }
        return header;
    }

    private static byte[] data(FileChannel channel, ByteBuffer header) throws IOException {
        int length = header.getInt(20);
        if (length <= 0 || length > 16 * 1024 * 1024) {
            throw new IOException("implausible data area of " + length + " bytes");
        }
        var data = ByteBuffer.allocate(length);
        while (data.hasRemaining()) {
            if (channel.read(data, HEADER_BYTES + data.position()) < 0) {
                throw new IOException("truncated data area");
            }
        }
        return data.array();
    }

    private static int nul(byte[] data, int from) throws IOException {
        for (int i = from; i < data.length; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        throw new IOException("no NUL after offset " + from + " in the data area");
    }
}
