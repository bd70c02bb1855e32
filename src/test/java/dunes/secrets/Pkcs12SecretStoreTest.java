package dunes.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store reads what operators write with the JDK's own keytool, not a format of ours. */
class Pkcs12SecretStoreTest {

  @TempDir Path dir;

  @Test
  void shouldReadAPasswordStoredWithKeytoolImportpass() throws Exception {
    Path file = dir.resolve("secrets.p12");
    keytoolImportpass(file, "store-pw-123", "vcenter-admin", "Ultra-Secret-9");
    keytoolImportpass(file, "store-pw-123", "sso-admin", "Other-Secret-7");

    Pkcs12SecretStore store = new Pkcs12SecretStore(file, "store-pw-123".toCharArray());

    assertThat(store.resolve(new SecretRef("vcenter-admin")).revealAsString()).isEqualTo("Ultra-Secret-9");
    assertThat(store.resolve(new SecretRef("sso-admin")).revealAsString()).isEqualTo("Other-Secret-7");
    assertThat(store.contains(new SecretRef("ca-enroll"))).isFalse();
    assertThatThrownBy(() -> store.resolve(new SecretRef("ca-enroll")))
        .isInstanceOf(UnknownSecretException.class).hasMessageContaining(file.toString());
  }

  @Test
  void shouldSayWhichFileItCannotOpenWithAWrongPassword() throws Exception {
    Path file = dir.resolve("secrets.p12");
    keytoolImportpass(file, "store-pw-123", "vcenter-admin", "x");

    Pkcs12SecretStore store = new Pkcs12SecretStore(file, "wrong-password".toCharArray());

    assertThatThrownBy(() -> store.contains(new SecretRef("vcenter-admin"))).hasMessageContaining(file.toString());
  }

  private static void keytoolImportpass(Path file, String storePassword, String alias, String secret) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process = new ProcessBuilder(keytool.toString(), "-importpass", "-noprompt", "-storetype", "PKCS12",
        "-keystore", file.toString(), "-storepass", storePassword, "-alias", alias)
        .redirectErrorStream(true).start();
    // keytool reads the password to store twice (entry and confirmation) from standard input
    process.getOutputStream().write((secret + "\n" + secret + "\n").getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
