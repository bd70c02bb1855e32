package dunes.lab.node;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The OpenSSH client programs (/usr/bin/ssh, /usr/bin/sftp) as an operator would use them: host
 * key pinned in a private known_hosts with StrictHostKeyChecking=yes, password login through an
 * SSH_ASKPASS script that prints the password from the environment (no sshpass needed).
 */
final class OpenSshClient {

  record Result(int exitCode, String out, String err) {}

  private final Path knownHosts;
  private final Path askpass;
  private final String password;

  OpenSshClient(Path dir, String knownHostsLine, String password) throws IOException {
    this.knownHosts = Files.writeString(dir.resolve("known_hosts"), knownHostsLine + "\n");
    this.askpass = dir.resolve("askpass.sh");
    Files.writeString(askpass, "#!/bin/sh\nprintf '%s\\n' \"$LAB_SSH_PASSWORD\"\n");
    Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
    this.password = password;
  }

  Result ssh(String address, int port, String command) throws Exception {
    List<String> args = new ArrayList<>(List.of("ssh", "-p", String.valueOf(port)));
    args.addAll(options());
    args.addAll(List.of("root@" + address, command));
    return run(args);
  }

  /** Runs sftp's batch file; BatchMode=no comes first so sftp's own "-oBatchMode yes" loses. */
  Result sftp(String address, int port, Path batch) throws Exception {
    List<String> args = new ArrayList<>(List.of("sftp", "-P", String.valueOf(port)));
    args.addAll(options());
    args.addAll(List.of("-b", batch.toString(), "root@" + address));
    return run(args);
  }

  private List<String> options() {
    return List.of("-F", "/dev/null",
        "-o", "BatchMode=no",
        "-o", "UserKnownHostsFile=" + knownHosts,
        "-o", "GlobalKnownHostsFile=/dev/null",
        "-o", "StrictHostKeyChecking=yes",
        "-o", "PreferredAuthentications=password",
        "-o", "PubkeyAuthentication=no",
        "-o", "NumberOfPasswordPrompts=1",
        "-o", "ConnectTimeout=10",
        "-o", "LogLevel=ERROR");
  }

  private Result run(List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectInput(new File("/dev/null"));
    builder.environment().put("SSH_ASKPASS", askpass.toString());
    builder.environment().put("SSH_ASKPASS_REQUIRE", "force");
    builder.environment().put("DISPLAY", ":0");
    builder.environment().put("LAB_SSH_PASSWORD", password);
    Path out = Files.createTempFile("ssh-out", ".txt");
    Path err = Files.createTempFile("ssh-err", ".txt");
    try {
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("no answer within 60 s from " + command);
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
