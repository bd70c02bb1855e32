package dunes.appliance.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dunes.lab.LabJournal;
import dunes.lab.node.LabNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files over SFTP against a lab node (127.0.12.30): the keystore's backup and replacement. */
class SshNodeShellSftpTest {

  static final String KEYSTORE = "/etc/vco/app-server/security/jssecacerts";

  @TempDir Path dir;
  ShellLab lab;
  LabNode node;
  SshNodeShell shell;
  NodeShellPort.Target target;

  @BeforeEach
  void setUp() {
    lab = new ShellLab(dir);
    node = lab.poweredOn("vcvco1", "127.0.12.30");
    shell = lab.shell();
    target = lab.target(node);
  }

  @AfterEach
  void close() {
    lab.close();
  }

  @Test
  void shouldDownloadTheKeystoreAsItIsOnDisk() throws Exception {
    byte[] downloaded = shell.download(target, KEYSTORE);

    assertThat(downloaded).isNotEmpty().isEqualTo(Files.readAllBytes(node.keystoreFile()));
  }

  @Test
  void shouldReplaceAFileThroughATemporaryNameAndLeaveNoneBehind() throws Exception {
    byte[] original = shell.download(target, KEYSTORE);
    byte[] replacement = largerThanOneWriteChunk();
    lab.journal.clear();

    shell.upload(target, KEYSTORE, replacement);

    assertThat(shell.download(target, KEYSTORE)).isEqualTo(replacement);
    assertThat(Files.readAllBytes(node.keystoreFile())).isEqualTo(replacement).isNotEqualTo(original);
    assertThat(node.file(KEYSTORE + ".dunes-tmp")).doesNotExist();
    assertThat(shell.exists(target, KEYSTORE + ".dunes-tmp")).isFalse();
    assertThat(lab.journal.entries("node")).extracting(LabJournal.Entry::operation, LabJournal.Entry::detail)
        .containsExactly(tuple("sftp-write", KEYSTORE + ".dunes-tmp"),
            tuple("sftp-rename", KEYSTORE + ".dunes-tmp -> " + KEYSTORE));
  }

  @Test
  void shouldMoveACopyOverItsFinalNameKeepingTheCopysOwnerAndMode() throws Exception {
    String backup = KEYSTORE + ".backup";
    String temporary = backup + ".dunes-tmp";
    Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
    Files.setPosixFilePermissions(node.keystoreFile(), ownerOnly);
    shell.upload(target, backup, "an older backup".getBytes(StandardCharsets.US_ASCII));
    assertThat(shell.run(target, "cp -p " + KEYSTORE + " " + temporary).succeeded()).isTrue();
    lab.journal.clear();

    shell.move(target, temporary, backup);

    assertThat(Files.readAllBytes(node.file(backup))).isEqualTo(Files.readAllBytes(node.keystoreFile()));
    assertThat(Files.getPosixFilePermissions(node.file(backup))).isEqualTo(ownerOnly);
    assertThat(shell.exists(target, temporary)).isFalse();
    assertThat(lab.journal.entries("node")).extracting(LabJournal.Entry::operation, LabJournal.Entry::detail)
        .containsExactly(tuple("sftp-rename", temporary + " -> " + backup));
  }

  @Test
  void shouldKeepThePermissionsOfTheFileItReplaces() throws Exception {
    Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
    Files.setPosixFilePermissions(node.keystoreFile(), ownerOnly);

    shell.upload(target, KEYSTORE, "new keystore".getBytes(StandardCharsets.US_ASCII));

    assertThat(Files.getPosixFilePermissions(node.keystoreFile())).isEqualTo(ownerOnly);
  }

  @Test
  void shouldCreateAFileThatDidNotExist() {
    String backup = KEYSTORE + ".backup";
    assertThat(shell.exists(target, backup)).isFalse();

    shell.upload(target, backup, shell.download(target, KEYSTORE));

    assertThat(shell.exists(target, backup)).isTrue();
    assertThat(node.file(backup)).hasSameBinaryContentAs(node.keystoreFile());
  }

  @Test
  void shouldSayAMissingFileIsNotFound() {
    assertThatThrownBy(() -> shell.download(target, "/etc/vco/app-server/security/missing"))
        .isInstanceOfSatisfying(ShellFileException.class, e -> assertThat(e.notFound()).isTrue())
        .hasMessageContaining("download /etc/vco/app-server/security/missing");
  }

  @Test
  void shouldLeaveNothingBehindWhenTheDirectoryIsMissing() {
    assertThatThrownBy(() -> shell.upload(target, "/nowhere/jssecacerts", new byte[] {1, 2, 3}))
        .isInstanceOfSatisfying(ShellFileException.class, e -> assertThat(e.notFound()).isTrue());
    assertThat(node.file("/nowhere")).doesNotExist();
  }

  @Test
  void shouldRefuseARelativePath() {
    assertThatThrownBy(() -> shell.download(target, "jssecacerts"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absolute path");
  }

  private static byte[] largerThanOneWriteChunk() {
    byte[] content = new byte[100_000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31 + 7);
    }
    return content;
  }
}
