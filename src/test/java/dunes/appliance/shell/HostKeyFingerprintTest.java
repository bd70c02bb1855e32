package dunes.appliance.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Host key pins in OpenSSH's "SHA256:…" form and as hex digits. */
class HostKeyFingerprintTest {

  static PublicKey key;
  static PublicKey otherKey;
  static String openSsh;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    key = generator.generateKeyPair().getPublic();
    otherKey = generator.generateKeyPair().getPublic();
    openSsh = KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
  }

  @Test
  void shouldPrintAsOpenSshDoes() {
    assertThat(HostKeyFingerprint.of(key)).hasToString(openSsh);
    assertThat(openSsh).startsWith("SHA256:").doesNotEndWith("=");
  }

  @Test
  void shouldMatchTheKeyInEitherForm() {
    String hex = HexFormat.ofDelimiter(":").formatHex(Base64.getDecoder().decode(openSsh.substring(7)));

    assertThat(HostKeyFingerprint.parse(openSsh).matches(key)).isTrue();
    assertThat(HostKeyFingerprint.parse(hex).matches(key)).isTrue();
    assertThat(HostKeyFingerprint.parse(hex.replace(":", "").toUpperCase()).matches(key)).isTrue();
    assertThat(HostKeyFingerprint.parse(hex)).isEqualTo(HostKeyFingerprint.parse(openSsh)).hasToString(openSsh);
  }

  @Test
  void shouldNotMatchAnotherKey() {
    assertThat(HostKeyFingerprint.parse(openSsh).matches(otherKey)).isFalse();
  }

  @Nested
  class Refused {

    @Test
    void shouldRefuseAnMd5Fingerprint() {
      String md5 = KeyUtils.getFingerPrint(BuiltinDigests.md5, key);

      assertThatThrownBy(() -> HostKeyFingerprint.parse(md5)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("SHA256:<base64>");
    }

    @Test
    void shouldRefuseATruncatedFingerprint() {
      assertThatThrownBy(() -> HostKeyFingerprint.parse(openSsh.substring(0, 30)))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseNothing() {
      assertThatThrownBy(() -> HostKeyFingerprint.parse(" ")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new NodeShellPort.Target("127.0.12.1", 22, null, ShellLab.ROOT))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
