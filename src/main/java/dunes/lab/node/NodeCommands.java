package dunes.lab.node;

import dunes.lab.LabJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The few shell commands the Dunes procedures run on a node over SSH exec: {@code service
 * vco-server start|stop|restart|status}, {@code cp}, {@code cat} and {@code test -e} within the
 * node's tree, {@code cd}, the VAMI setters and iproute2 reads ({@link NodeVamiCommands}), joined by
 * {@code &&}. Anything else is "command not found" (exit 127), as a shell without that program
 * would answer.
 */
final class NodeCommands {

  /**
   * @param afterAnswer what the node does once the answer is sent (a network change moves the
   *     very sshd that answers); nothing for most commands
   */
  record Result(int exitCode, String out, String err, Runnable afterAnswer) {
    private static final Runnable NOTHING = () -> { };

    Result(int exitCode, String out, String err) {
      this(exitCode, out, err, NOTHING);
    }

    static Result ok(String out) {
      return new Result(0, out, "");
    }

    static Result fail(int exitCode, String err) {
      return new Result(exitCode, "", err);
    }

    Result then(Runnable next) {
      return new Result(exitCode, out, err, next);
    }
  }

  /** Shell syntax beyond "a && b" would need a shell; the lab refuses it rather than guessing. */
  private static final String UNSIMULATED = ";|<>$`'\"(){}*?\\";

  private final String nodeName;
  private final NodeFiles files;
  private final VcoServer server;
  private final LabJournal journal;
  private final NodeVamiCommands vami;

  NodeCommands(String nodeName, NodeFiles files, VcoServer server, LabJournal journal, NodeVamiCommands vami) {
    this.nodeName = nodeName;
    this.files = files;
    this.server = server;
    this.journal = journal;
    this.vami = vami;
  }

  Result run(String commandLine) {
    if (commandLine.replace("&&", "").chars().anyMatch(c -> UNSIMULATED.indexOf(c) >= 0 || c == '&')) {
      return Result.fail(2, "lab shell: this syntax is not simulated; send simple commands joined by &&\n");
    }
    String cwd = NodeFiles.ROOT_HOME;
    StringBuilder out = new StringBuilder();
    Runnable afterAnswer = Result.NOTHING;
    for (String part : commandLine.split("&&")) {
      List<String> words = Arrays.stream(part.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
      if (words.isEmpty()) {
        return Result.fail(2, "lab shell: syntax error near '&&'\n");
      }
      if (words.get(0).equals("cd")) {
        String target = words.size() > 1 ? words.get(1) : NodeFiles.ROOT_HOME;
        if (!Files.isDirectory(files.local(cwd, target))) {
          return new Result(1, out.toString(), "bash: cd: " + target + ": No such file or directory\n");
        }
        cwd = files.appliancePath(files.local(cwd, target));
        continue;
      }
      Result result = command(cwd, words);
      out.append(result.out());
      afterAnswer = result.afterAnswer() == Result.NOTHING ? afterAnswer : result.afterAnswer();
      if (result.exitCode() != 0) {
        return new Result(result.exitCode(), out.toString(), result.err(), afterAnswer);
      }
    }
    return new Result(0, out.toString(), "", afterAnswer);
  }

  private Result command(String cwd, List<String> words) {
    List<String> args = words.subList(1, words.size());
    return switch (words.get(0)) {
      case "service" -> service(args);
      case "cp" -> copy(cwd, args);
      case "test" -> test(cwd, args);
      case "cat" -> cat(cwd, args);
      case "ip", "/sbin/ip" -> vami.ip(args);
      default -> NodeVamiCommands.handles(words.get(0)) ? vami.run(words.get(0), args)
          : Result.fail(127, "bash: " + words.get(0) + ": command not found\n");
    };
  }

  private Result service(List<String> args) {
    if (args.isEmpty() || !args.get(0).equals("vco-server")) {
      return Result.fail(1, (args.isEmpty() ? "" : args.get(0)) + ": unrecognized service\n");
    }
    String action = args.size() == 2 ? args.get(1) : "";
    try {
      switch (action) {
        case "start" -> server.start();
        case "stop" -> server.stop();
        case "restart" -> server.restart();
        case "status" -> {
          NodeState state = server.state();
          // LSB status codes: 0 running, 3 not running
          return new Result(state == NodeState.STOPPED ? 3 : 0, "vco-server is " + state + "\n", "");
        }
        default -> {
          return Result.fail(2, "Usage: service vco-server {start|stop|restart|status}\n");
        }
      }
    } catch (IllegalStateException | UncheckedIOException e) { // a broken keystore, a port another process holds
      return Result.fail(1, "vco-server failed to " + action + ": " + e.getMessage() + "\n");
    }
    return Result.ok("vco-server: " + action + " done, now " + server.state() + "\n");
  }

  private Result copy(String cwd, List<String> args) {
    List<CopyOption> options = new ArrayList<>(List.of(StandardCopyOption.REPLACE_EXISTING));
    List<String> operands = new ArrayList<>();
    for (String arg : args) {
      switch (arg) {
        case "-p" -> options.add(StandardCopyOption.COPY_ATTRIBUTES);
        case "-f" -> { } // cp overwrites anyway
        default -> {
          if (arg.startsWith("-")) {
            return Result.fail(1, "cp: option " + arg + " is not simulated\n");
          }
          operands.add(arg);
        }
      }
    }
    if (operands.size() != 2) {
      return Result.fail(1, "cp: expected a source and a target, got " + operands + "\n");
    }
    try {
      Path source = files.local(cwd, operands.get(0));
      Path target = files.local(cwd, operands.get(1));
      if (!Files.isRegularFile(source)) {
        return Result.fail(1, "cp: cannot stat '" + operands.get(0) + "': No such file or directory\n");
      }
      if (Files.isDirectory(target)) {
        target = target.resolve(source.getFileName());
      }
      Files.copy(source, target, options.toArray(CopyOption[]::new));
      journal.record("node", nodeName, "file-copy",
          files.appliancePath(source) + " -> " + files.appliancePath(target));
      return Result.ok("");
    } catch (IllegalArgumentException e) {
      return Result.fail(1, "cp: " + e.getMessage() + "\n");
    } catch (IOException e) {
      return Result.fail(1, "cp: cannot copy '" + operands.get(0) + "': " + e + "\n");
    }
  }

  /** {@code cat <file>...}: the files' bytes in order, as GNU cat, which goes on past a missing one. */
  private Result cat(String cwd, List<String> args) {
    if (args.isEmpty() || args.stream().anyMatch(a -> a.startsWith("-"))) {
      return Result.fail(1, "lab shell: only 'cat <file>...' is simulated\n");
    }
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    for (String arg : args) {
      try {
        Path file = files.local(cwd, arg);
        if (Files.isDirectory(file)) {
          err.append("cat: ").append(arg).append(": Is a directory\n");
        } else if (!Files.isRegularFile(file)) {
          err.append("cat: ").append(arg).append(": No such file or directory\n");
        } else {
          out.append(Files.readString(file));
        }
      } catch (IllegalArgumentException | IOException e) {
        err.append("cat: ").append(arg).append(": No such file or directory\n");
      }
    }
    return new Result(err.isEmpty() ? 0 : 1, out.toString(), err.toString());
  }

  private Result test(String cwd, List<String> args) {
    if (args.size() != 2 || !args.get(0).equals("-e")) {
      return Result.fail(2, "test: only 'test -e <path>' is simulated\n");
    }
    try {
      return new Result(Files.exists(files.local(cwd, args.get(1))) ? 0 : 1, "", "");
    } catch (IllegalArgumentException e) {
      return new Result(1, "", "");
    }
  }
}
