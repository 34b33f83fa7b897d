package dev.harden.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Collects a command's output up to {@link Command#MAX_OUTPUT_BYTES}; past that it stops
 * collecting and remembers the overflow, so a hostile host cannot exhaust the controller's memory.
 */
public final class BoundedOutput extends OutputStream {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final int limit;
    private boolean overflowed;

    public BoundedOutput() {
        this(Command.MAX_OUTPUT_BYTES);
    }

    public BoundedOutput(int limit) {
        this.limit = limit;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        if (overflowed) {
            throw new IOException("output exceeds " + limit + " bytes");
        }
        if (buffer.size() + length > limit) {
            overflowed = true;
            throw new IOException("output exceeds " + limit + " bytes");
        }
        buffer.write(bytes, offset, length);
    }

    public synchronized boolean overflowed() {
        return overflowed;
    }

    public synchronized byte[] toByteArray() {
        return buffer.toByteArray();
    }

    /** The failure to report when the output overflowed. */
    public HostException overflow(String host, String purpose) {
        return new HostException(host, host + ": " + purpose + " sent more than " + (limit >> 20)
                + " MiB of output; refusing it (is the host compromised or misbehaving?)");
    }
}
