package dunes.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A host that should never hear from Dunes: a TCP listener that accepts and counts every
 * connection, then closes it. Tests bind it where a request names a foreign endpoint and assert
 * that nothing connected.
 */
public final class ConnectionRecorder implements AutoCloseable {

  private final ServerSocket server;
  private final AtomicInteger accepted = new AtomicInteger();
  private final Thread acceptor;

  public ConnectionRecorder(String address) {
    try {
      server = new ServerSocket(0, 50, InetAddress.getByName(address));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    acceptor = new Thread(this::accept, "connection-recorder-" + address);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String address() {
    return server.getInetAddress().getHostAddress();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** {@code address:port} */
  public String endpoint() {
    return address() + ":" + port();
  }

  public int connections() {
    return accepted.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        accepted.incrementAndGet();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
