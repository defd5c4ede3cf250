package dev.arclight.worker.guest;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The guest protocol's framing (docs/guest-protocol.md): a 4-byte big-endian length, then that
 * many bytes of UTF-8 JSON. Blocking reads and writes on a channel.
 */
final class AgentFrames {

    /** The agent refuses larger frames; so do we, rather than allocate what a broken peer claims. */
    static final int MAX_FRAME_BYTES = 64 * 1024 * 1024;

    private AgentFrames() {}

    static void write(WritableByteChannel channel, byte[] json) throws IOException {
        if (json.length > MAX_FRAME_BYTES) {
            throw new IOException("frame of " + json.length + " bytes exceeds " + MAX_FRAME_BYTES);
        }
        var frame = ByteBuffer.allocate(4 + json.length)
                .putInt(json.length)
                .put(json)
                .flip();
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
    }

    /** The next frame's JSON bytes; {@link EOFException} when the peer hung up between frames. */
    static byte[] read(ReadableByteChannel channel) throws IOException {
        var header = readFully(channel, ByteBuffer.allocate(4), true);
        int length = header.getInt(0);
        if (length < 0 || length > MAX_FRAME_BYTES) {
            throw new IOException("peer announced a frame of " + length + " bytes");
        }
        return readFully(channel, ByteBuffer.allocate(length), false).array();
    }

    private static ByteBuffer readFully(ReadableByteChannel channel, ByteBuffer buffer, boolean atFrameStart)
            throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw atFrameStart && buffer.position() == 0
                        ? new EOFException("agent channel closed")
                        : new IOException("agent channel closed in the middle of a frame");
            }
        }
        return buffer;
    }
}
