package dunes.lab.vsphere;

import dunes.lab.LabFaults;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP front before the lab's vCenter, so that the lab's knobs reach vcsim (a Go process the lab
 * cannot hook): it listens where Dunes dials vCenter and passes bytes to and from vcsim unchanged —
 * TLS stays end to end, with vcsim's certificate. Each time the client sends application data
 * after vcsim has answered (a new request on a kept-alive connection, or the first one; handshake
 * records pass untouched, so a new connection is not asked twice) the knobs on
 * {@code vsphere:sdk} are asked before those bytes go on: RESET and the HTTP faults close both
 * connections (inside TLS no status can be forged), GARBAGE sends the client random bytes instead
 * of TLS records and closes, TIMEOUT stops forwarding and holds the connection until the client
 * gives up; a storm's latency delays the request. A fault thus always strikes before vcsim sees
 * the request it would have cut.
 */
public final class VSphereFront implements AutoCloseable {

  public static final String ENDPOINT = "vsphere:sdk";
  /** The TLS record type of a request (and, in TLS 1.3, of the client's encrypted Finished). */
  private static final byte APPLICATION_DATA = 0x17;
  private static final Logger LOG = LoggerFactory.getLogger(VSphereFront.class);

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final LabFaults faults;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "lab-vsphere-front");
    t.setDaemon(true);
    return t;
  });

  private VSphereFront(ServerSocket listener, InetSocketAddress target, LabFaults faults) {
    this.listener = listener;
    this.target = target;
    this.faults = faults;
  }

  /** Listens on {@code address:port} and forwards to vcsim at {@code target}. */
  public static VSphereFront start(String address, int port, InetSocketAddress target, LabFaults faults) {
    try {
      ServerSocket listener = new ServerSocket();
      listener.setReuseAddress(true);
      listener.bind(new InetSocketAddress(address, port), 128);
      VSphereFront front = new VSphereFront(listener, target, faults);
      front.threads.execute(front::accept);
      LOG.info("lab vCenter front at {}:{} before vcsim at {}", address, listener.getLocalPort(), target);
      return front;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address + ":" + port + " before the lab's vCenter", e);
    }
  }

  public int port() {
    return listener.getLocalPort();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        threads.execute(() -> relay(client));
      } catch (IOException e) {
        // closed: the loop ends
      }
    }
  }

  private void relay(Socket client) {
    try (client; Socket server = new Socket()) {
      server.connect(target, 10_000);
      AtomicBoolean answered = new AtomicBoolean(true); // the client's first bytes are a new request
      threads.execute(() -> pump(server, client, answered, false));
      pump(client, server, answered, true);
    } catch (IOException e) {
      // vcsim unreachable or a connection ended: the client sees its connection close
    }
  }

  /**
   * Copies {@code from} to {@code to}: vcsim's bytes hand the turn to the client; the client's
   * first bytes in its turn are a new request, which the knobs may fail.
   */
  private void pump(Socket from, Socket to, AtomicBoolean turn, boolean fromClient) {
    byte[] buffer = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (fromClient && buffer[0] == APPLICATION_DATA && turn.getAndSet(false)) {
          Optional<LabFaults.Kind> fault = faults.next(ENDPOINT);
          if (fault.isPresent()) {
            strike(fault.get(), from);
            return;
          }
        }
        out.write(buffer, 0, n);
        out.flush();
        if (!fromClient) {
          turn.set(true);
        }
      }
    } catch (IOException e) {
      // either side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void strike(LabFaults.Kind fault, Socket client) throws IOException {
    switch (fault) {
      case TIMEOUT -> {
        InputStream in = client.getInputStream();
        byte[] sink = new byte[1024];
        while (in.read(sink) >= 0) {
          // held: read and dropped until the client gives up
        }
      }
      case GARBAGE -> {
        byte[] noise = new byte[512];
        ThreadLocalRandom.current().nextBytes(noise);
        client.getOutputStream().write(noise);
        client.getOutputStream().flush();
      }
      default -> { } // closing both ends is the reset
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }

  @Override
  public void close() {
    closeQuietly(listener);
    threads.shutdownNow();
  }

  private static void closeQuietly(ServerSocket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
