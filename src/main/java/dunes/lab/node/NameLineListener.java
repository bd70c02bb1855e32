package dunes.lab.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A plain TCP port (8286, 8287) that accepts and writes one line, the node's name, then closes:
 * the protocol of the real ports is not simulated, only that they are open and which node answers.
 */
final class NameLineListener implements AutoCloseable {

  private final ServerSocket socket;
  private Thread acceptor;

  private NameLineListener(ServerSocket socket) {
    this.socket = socket;
  }

  static NameLineListener open(String address, int port, String nodeName) {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(address, port), 50);
      NameLineListener listener = new NameLineListener(socket);
      Thread acceptor = new Thread(() -> listener.serve((nodeName + "\n").getBytes(StandardCharsets.UTF_8)),
          "lab-node-" + nodeName + "-" + port);
      acceptor.setDaemon(true);
      listener.acceptor = acceptor;
      acceptor.start();
      return listener;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address + ":" + port, e);
    }
  }

  private void serve(byte[] line) {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept()) {
        client.getOutputStream().write(line);
      } catch (IOException e) {
        // a client that went away, or the listener closing: the loop condition decides
      }
    }
  }

  /**
   * Closes the port and returns once it is free, as a stopped server's port is. The JDK closes a
   * socket that a thread blocks in accept on only when that thread wakes, so the acceptor is
   * awaited: a restart that opened the port again before that would find it taken.
   */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a server socket that failed to close leaves nothing to do
    }
    boolean interrupted = false;
    while (acceptor.isAlive()) {
      try {
        acceptor.join();
      } catch (InterruptedException e) {
        interrupted = true; // the port must be free all the same; the interrupt is kept for the caller
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
