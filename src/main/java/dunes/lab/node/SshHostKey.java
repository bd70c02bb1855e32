package dunes.lab.node;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * The node's SSH host key (ECDSA P-256), made on first use and kept in the node's
 * /etc/ssh, so the key, and a client's pin of it, survive power cycles and lab restarts.
 */
final class SshHostKey {

  private final SimpleGeneratorHostKeyProvider provider;
  private final PublicKey publicKey;

  SshHostKey(Path file) {
    provider = new SimpleGeneratorHostKeyProvider(file);
    provider.setAlgorithm(KeyUtils.EC_ALGORITHM);
    provider.setKeySize(256);
    List<KeyPair> keys = provider.loadKeys(null);
    if (keys.isEmpty()) {
      throw new IllegalStateException("no SSH host key in " + file);
    }
    publicKey = keys.get(0).getPublic();
  }

  SimpleGeneratorHostKeyProvider provider() {
    return provider;
  }

  /** As OpenSSH prints it: "SHA256:" and unpadded base64. */
  String fingerprint() {
    return KeyUtils.getFingerPrint(BuiltinDigests.sha256, publicKey);
  }

  /** A known_hosts line for the host and port, in OpenSSH's "[host]:port" form for ports other than 22. */
  String knownHostsLine(String host, int port) {
    String pattern = port == 22 ? host : "[" + host + "]:" + port;
    return pattern + " " + PublicKeyEntry.toString(publicKey);
  }
}
