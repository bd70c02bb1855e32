package dunes.lab.edge;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Copies bytes both ways between a client and a member until both directions have ended; an end
 * of stream on one side is passed on as a half-close, as a TCP proxy does, and a reset on either
 * side ends the whole connection. There is no idle timeout: closing the listener ends it. The
 * first bytes the member sends may be watched (for the ServerHello's session id) without delay.
 */
final class Relay {

  private static final int BUFFER = 16 * 1024;

  private final Socket client;
  private final Socket member;

  private Relay(Socket client, Socket member) {
    this.client = client;
    this.member = member;
  }

  /**
   * Runs the member-to-client direction on the calling thread and the other on {@code threads};
   * returns when both have ended, with both sockets closed.
   */
  static void run(Socket client, Socket member, ExecutorService threads, Consumer<byte[]> firstMemberBytes) {
    Relay relay = new Relay(client, member);
    Future<?> upstream = threads.submit(() -> relay.copy(client, member, null));
    relay.copy(member, client, firstMemberBytes);
    try {
      upstream.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // copy() handles its own failures; nothing is left to do but close
    } finally {
      closeQuietly(client);
      closeQuietly(member);
    }
  }

  private void copy(Socket from, Socket to, Consumer<byte[]> watcher) {
    byte[] buffer = new byte[BUFFER];
    byte[] head = watcher == null ? null : new byte[TlsHello.MAX_NEEDED];
    int headLength = 0;
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
        if (head != null) {
          int take = Math.min(n, head.length - headLength);
          System.arraycopy(buffer, 0, head, headLength, take);
          headLength += take;
          if (headLength == head.length || TlsHello.sessionId(head, headLength).state() != TlsHello.State.NEED_MORE) {
            watcher.accept(Arrays.copyOf(head, headLength));
            head = null;
          }
        }
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(client); // unblocks the other direction
      closeQuietly(member);
    }
  }

  static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
