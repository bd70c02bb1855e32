package dunes.appliance.shell;

import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.Optional;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's only {@link ServerKeyVerifier}: each connection carries its own {@link Check} in its
 * connection context; a key passes when it is that check's pin, and nothing else passes — a
 * connection without a check, a probe (no pin), any other key. No known_hosts is read or written.
 */
final class PinnedHostKeyVerifier implements ServerKeyVerifier {

  static final AttributeKey<Check> CHECK = new AttributeKey<>();

  private static final Logger LOG = LoggerFactory.getLogger(PinnedHostKeyVerifier.class);

  @Override
  public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
    AttributeRepository context = session.getConnectionContext();
    Check check = context == null ? null : context.getAttribute(CHECK);
    if (check == null) {
      LOG.warn("refusing the SSH host key {} of {}: the connection carries no pin", HostKeyFingerprint.of(key), remote);
      return false;
    }
    return check.verify(key);
  }

  /** One connection's expectation, and the key the server presented. */
  static final class Check {

    private final HostKeyFingerprint pin;
    private volatile HostKeyFingerprint presented;

    private Check(HostKeyFingerprint pin) {
      this.pin = pin;
    }

    static Check pinnedTo(HostKeyFingerprint pin) {
      return new Check(pin);
    }

    /** Records the key and refuses it: for showing an operator what a server presents. */
    static Check recordOnly() {
      return new Check(null);
    }

    AttributeRepository asContext() {
      return AttributeRepository.ofKeyValuePair(CHECK, this);
    }

    boolean verify(PublicKey key) {
      HostKeyFingerprint fingerprint = HostKeyFingerprint.of(key);
      presented = fingerprint;
      return pin != null && pin.equals(fingerprint);
    }

    Optional<HostKeyFingerprint> presented() {
      return Optional.ofNullable(presented);
    }

    /** A key was presented and it is not the pin. */
    boolean refused() {
      HostKeyFingerprint seen = presented;
      return seen != null && !seen.equals(pin);
    }
  }
}
