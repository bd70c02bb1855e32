package dunes.lab.guests;

import dunes.lab.node.LabNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a client on the network sees at an address: a TLS handshake that trusts exactly one
 * certificate (no host name check: a moved clone still serves its source's certificate), then the
 * node that answers {@code GET /vco}.
 */
final class NodeProbe {

  /** ports for these tests only: other suites use the defaults or 18xxx */
  static final LabNode.Ports PORTS = new LabNode.Ports(28281, 28286, 28287, 25480, 22222);

  private NodeProbe() {}

  /** The X-Lab-Node header of the answer; the handshake fails unless {@code trusted} is served. */
  static String nodeAt(String address, X509Certificate trusted) throws Exception {
    try (SSLSocket socket = (SSLSocket) trusting(trusted).getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress(address, PORTS.server()), 2000);
      socket.setSoTimeout(5000);
      socket.startHandshake();
      OutputStream out = socket.getOutputStream();
      out.write(("GET /vco HTTP/1.1\r\nHost: " + address + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        if (line.regionMatches(true, 0, "X-Lab-Node:", 0, 11)) {
          return line.substring(11).strip();
        }
      }
      return null;
    }
  }

  /** Nothing listens at address:port. */
  static boolean refused(String address, int port) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
      return false;
    } catch (ConnectException e) {
      return true;
    }
  }

  static boolean refusedOnEveryPort(String address) throws Exception {
    for (int port : new int[] {PORTS.server(), PORTS.messaging(), PORTS.messagingSecure(), PORTS.vami(), PORTS.ssh()}) {
      if (!refused(address, port)) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code vami_set_network eth0 STATICV4 <ip> 255.255.255.0 <.1>} as root over SSH (Dunes's own
   * MINA client, the host key pinned); the command's exit status.
   */
  static int setVamiNetwork(String address, String hostKeyFingerprint, String rootPassword, String ip) {
    String gateway = ip.substring(0, ip.lastIndexOf('.')) + ".1";
    dunes.secrets.SecretRef root = new dunes.secrets.SecretRef("appliance-root");
    try (dunes.appliance.shell.SshNodeShell shell = new dunes.appliance.shell.SshNodeShell(
        dunes.appliance.shell.NodeShellProperties.defaults(),
        dunes.secrets.TestSecrets.onLoopback(java.util.Map.of(root.name(), rootPassword)), null)) {
      return shell.run(new dunes.appliance.shell.NodeShellPort.Target(address, PORTS.ssh(), hostKeyFingerprint, root),
          "/opt/vmware/share/vami/vami_set_network eth0 STATICV4 " + ip + " 255.255.255.0 " + gateway).exitCode();
    }
  }

  /** Alias "dunes" of a node's jssecacerts, read as keytool would. */
  static X509Certificate keystoreCertificate(Path keystore) throws Exception {
    KeyStore store = KeyStore.getInstance("JKS");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, "dunesdunes".toCharArray());
    }
    return (X509Certificate) store.getCertificate("dunes");
  }

  private static SSLContext trusting(X509Certificate certificate) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("only", certificate);
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
