package dunes.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * The lab's durable state: one directory per system under {@code dunes.lab.state-dir} (data/lab in
 * the lab profile). Every change is written when it happens, never at shutdown, so a kill -9 of
 * the process loses nothing it had answered: whole files go to a temporary name and move over the
 * old one (a reader sees the old text or the new, never half), logs are appended line by line.
 * A null directory keeps a system in memory, as the adapter tests want it.
 */
public final class LabState {

  private final Path root;

  private LabState(Path root) {
    this.root = root;
  }

  /** Durable under {@code root}; null or blank: nothing outlives the process. */
  public static LabState at(String root) {
    return new LabState(root == null || root.isBlank() ? null : Path.of(root));
  }

  public static LabState inMemory() {
    return new LabState(null);
  }

  public boolean durable() {
    return root != null;
  }

  /** The directory of one system (made on first use); null when in memory. */
  public Path dir(String system) {
    if (root == null) {
      return null;
    }
    Path dir = root.resolve(system);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the lab's state directory " + dir, e);
    }
    return dir;
  }

  /** A file directly under the state directory (the journal); null when in memory. */
  public Path file(String name) {
    return root == null ? null : dir(".").resolve(name).normalize();
  }

  /** Replaces the file's text at once: written to a temporary name, readable by the owner only, then moved. */
  public static void write(Path file, String text) {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** {@link #write(Path, String)} for binary files (a keystore). */
  public static void write(Path file, byte[] bytes) {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.deleteIfExists(temporary);
      Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(temporary, bytes);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the lab's state in " + file, e);
    }
  }

  public static Optional<String> read(Path file) {
    try {
      return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the lab's state in " + file, e);
    }
  }

  /** Adds one line (no line breaks inside) to a log; made owner-only on first use. */
  public static void append(Path file, String line) {
    try {
      if (!Files.exists(file)) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the lab's state in " + file, e);
    }
  }

  /**
   * A log's lines; a last line without its line break (the process died while writing it) is
   * left out, as it was never answered.
   */
  public static List<String> lines(Path file) {
    Optional<String> text = read(file);
    if (text.isEmpty() || text.get().isEmpty()) {
      return List.of();
    }
    String complete = text.get().substring(0, text.get().lastIndexOf('\n') + 1);
    if (complete.length() < text.get().length()) {
      write(file, complete); // the next line must not continue the torn one
    }
    return complete.lines().filter(l -> !l.isBlank()).toList();
  }
}
