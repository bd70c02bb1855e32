package dunes.appliance.shell;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Keeps the first {@code limit} bytes of a command's output stream and counts the rest. */
final class BoundedOutput extends OutputStream {

  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final long limit;
  private long dropped;

  BoundedOutput(long limit) {
    this.limit = limit;
  }

  @Override
  public synchronized void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    int room = (int) Math.max(0, Math.min(length, limit - kept.size()));
    kept.write(bytes, offset, room);
    dropped += length - room;
  }

  synchronized String text() {
    String text = kept.toString(StandardCharsets.UTF_8);
    return dropped == 0 ? text : text + "\n[… " + dropped + " more bytes cut]";
  }

  synchronized boolean truncated() {
    return dropped > 0;
  }
}
