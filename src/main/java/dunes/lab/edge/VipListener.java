package dunes.lab.edge;

import dunes.lab.LabFaults;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A published virtual IP and port: accepts connections and forwards their bytes, untouched, to
 * the member its route chooses (the edge passes TLS through, it never terminates it). Fault
 * knobs apply per listener under the endpoint name {@code edge:vip:<ip>:<port>}.
 */
final class VipListener implements AutoCloseable {

  /** How long closing waits for the accepting thread to leave {@code accept()}. */
  private static final Duration ACCEPTOR_EXIT = Duration.ofSeconds(2);

  private final ServerSocket server;
  private final ListenerContext context;
  private final String endpoint;
  private final SessionTable sessions = new SessionTable();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile Route route;
  private HealthChecks checks;
  private Thread acceptor;

  private VipListener(ServerSocket server, Route route, ListenerContext context) {
    this.server = server;
    this.route = route;
    this.context = context;
    this.endpoint = "edge:vip:" + route.key();
  }

  /** Binds the virtual IP and port and starts accepting and health-checking. */
  static VipListener open(Route route, ListenerContext context) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(route.ipAddress(), route.port()), 64);
    VipListener listener = new VipListener(server, route, context);
    listener.checks = HealthChecks.start(route, context.scheduler());
    listener.acceptor = new Thread(listener::acceptLoop, "lab-edge-vip-" + route.key());
    listener.acceptor.setDaemon(true);
    listener.acceptor.start();
    return listener;
  }

  /** A republished configuration: same address, new members or settings; health carries over. */
  synchronized void update(Route next) {
    for (Backend backend : next.backends()) {
      Backend previous = route.backend(backend.key());
      if (previous != null) {
        backend.inheritHealth(previous);
      }
    }
    checks.stop();
    route = next;
    checks = HealthChecks.start(next, context.scheduler());
  }

  /**
   * Stops accepting and closes every open connection. Returns once the accepting thread has left
   * {@code accept()}: until then the kernel keeps the address listening, and publishing the same
   * virtual IP and port again right away would fail to bind.
   */
  @Override
  public synchronized void close() {
    checks.stop();
    Relay.closeQuietly(server);
    open.forEach(Relay::closeQuietly);
    try {
      acceptor.join(ACCEPTOR_EXIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        open.add(client);
        context.threads().execute(() -> serve(client));
      } catch (IOException e) {
        // closed by close(), or a failed accept: the loop condition decides
      }
    }
  }

  private void serve(Socket client) {
    Backend chosen = null;
    Socket member = new Socket();
    try {
      if (!passesKnobs(client)) {
        return;
      }
      Route current = route;
      byte[] hello = new byte[0];
      String clientSession = null;
      if (current.sslSessionPersistence()) {
        hello = readHello(client);
        TlsHello.Result result = TlsHello.sessionId(hello, hello.length);
        clientSession = result.sessionId();
      }
      chosen = choose(current, client, clientSession);
      if (chosen == null) {
        return; // no healthy member: the client sees the connection close
      }
      open.add(member);
      member.connect(chosen.address(), (int) context.connectTimeout().toMillis());
      chosen.active().incrementAndGet();
      if (clientSession != null) {
        sessions.stick(clientSession, chosen);
      }
      member.getOutputStream().write(hello);
      Backend sticky = chosen;
      Relay.run(client, member, context.threads(), current.sslSessionPersistence()
          ? head -> rememberServerSession(head, sticky) : null);
    } catch (IOException e) {
      // member unreachable or connection reset: the client sees its connection end
    } finally {
      if (chosen != null && member.isConnected()) {
        chosen.active().decrementAndGet();
      }
      Relay.closeQuietly(client);
      Relay.closeQuietly(member);
      open.remove(client);
      open.remove(member);
    }
  }

  private Backend choose(Route current, Socket client, String sessionId) {
    if (sessionId != null) {
      String key = sessions.memberOf(sessionId);
      Backend sticky = key == null ? null : current.backend(key);
      if (sticky != null && sticky.eligible()) {
        return sticky;
      }
    }
    return current.selector().choose(client.getInetAddress());
  }

  /** The member chose the session id (a new TLS 1.2 session): later resumptions go back to it. */
  private void rememberServerSession(byte[] head, Backend member) {
    TlsHello.Result result = TlsHello.sessionId(head, head.length);
    if (result.state() == TlsHello.State.SESSION_ID) {
      sessions.stick(result.sessionId(), member);
    }
  }

  /** Reads just enough of the client's first bytes to know its session id; they are replayed. */
  private byte[] readHello(Socket client) throws IOException {
    byte[] head = new byte[TlsHello.MAX_NEEDED];
    int length = 0;
    client.setSoTimeout((int) context.helloTimeout().toMillis());
    try {
      InputStream in = client.getInputStream();
      while (length < head.length && TlsHello.sessionId(head, length).state() == TlsHello.State.NEED_MORE) {
        int n = in.read(head, length, head.length - length);
        if (n < 0) {
          break;
        }
        length += n;
      }
    } catch (SocketTimeoutException e) {
      // a client that does not speak first is balanced without persistence
    }
    client.setSoTimeout(0);
    return Arrays.copyOf(head, length);
  }

  /** Latency and injected faults; RESET (and the HTTP faults, meaningless on TCP) close at once. */
  private boolean passesKnobs(Socket client) {
    context.faults().delay(endpoint); // lab only: a slow edge
    if (Thread.currentThread().isInterrupted()) {
      return false;
    }
    Optional<LabFaults.Kind> fault = context.faults().next(endpoint);
    if (fault.isEmpty()) {
      return true;
    }
    if (fault.get() == LabFaults.Kind.TIMEOUT) {
      drainUntilClosed(client); // accepted, never forwarded
    }
    return false;
  }

  private static void drainUntilClosed(Socket client) {
    try {
      InputStream in = client.getInputStream();
      byte[] sink = new byte[1024];
      while (in.read(sink) >= 0) {
        // discard
      }
    } catch (IOException e) {
      // client or listener gave up
    }
  }
}
