package dunes.appliance.shell;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * The SHA-256 of an SSH host key, the value Dunes pins. Written as OpenSSH prints it
 * ({@code ssh-keygen -lf}, the "key fingerprint is" line): "SHA256:" and unpadded base64. The same
 * digest as 64 hex digits (with or without colons, as some tools show it) is accepted too.
 */
public final class HostKeyFingerprint {

  private static final String PREFIX = "SHA256:";
  private static final int LENGTH = 32;

  private final byte[] digest;

  private HostKeyFingerprint(byte[] digest) {
    this.digest = digest;
  }

  /** @throws IllegalArgumentException when the text is neither form of a SHA-256 fingerprint */
  public static HostKeyFingerprint parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("an SSH host key fingerprint is required (\"SHA256:…\" as ssh-keygen -lf prints it)");
    }
    String value = text.strip();
    byte[] digest;
    try {
      digest = value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
          ? Base64.getDecoder().decode(value.substring(PREFIX.length()))
          : HexFormat.of().parseHex(value.replace(":", ""));
    } catch (IllegalArgumentException e) {
      digest = new byte[0];
    }
    if (digest.length != LENGTH) {
      throw new IllegalArgumentException("not an SSH host key SHA-256 fingerprint: '" + text
          + "'; expected \"SHA256:<base64>\" as ssh-keygen -lf prints it, or 64 hex digits");
    }
    return new HostKeyFingerprint(digest);
  }

  public static HostKeyFingerprint of(PublicKey key) {
    try {
      return new HostKeyFingerprint(KeyUtils.getRawFingerprint(BuiltinDigests.sha256, key));
    } catch (Exception e) {
      throw new IllegalStateException("cannot fingerprint the " + key.getAlgorithm() + " host key", e);
    }
  }

  public boolean matches(PublicKey key) {
    return equals(of(key));
  }

  /** As OpenSSH prints it: "SHA256:" and unpadded base64. */
  @Override
  public String toString() {
    return PREFIX + Base64.getEncoder().withoutPadding().encodeToString(digest);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HostKeyFingerprint that && MessageDigest.isEqual(digest, that.digest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }
}
