package dunes.secrets;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The PKCS#12 store's bindings: a Java properties file beside the store, edited with any text
 * editor and kept with the store's owner-only permissions, with the keys of the configuration's
 * {@code dunes.secrets.bindings.<name>.*}:
 * <pre>
 * vcenter-admin.purposes=vcenter
 * vcenter-admin.hosts=vcenter.corp.example, vcenter.corp.example:443
 * vcenter-admin.build-nodes=true
 * </pre>
 * keytool cannot give a password entry attributes of ours, hence a file beside it. Read at each
 * lookup, like the store; a file others may write is refused (it would let them widen where
 * secrets go), and so is one with an unknown key.
 */
final class Pkcs12Bindings {

  private static final List<String> KEYS = List.of(".purposes", ".hosts", ".build-nodes");

  private final Path file;
  private final boolean allowPatterns;

  Pkcs12Bindings(Path file, boolean allowPatterns) {
    this.file = file;
    this.allowPatterns = allowPatterns;
  }

  static Path besides(Path store) {
    return store.resolveSibling(store.getFileName() + ".bindings");
  }

  String source(String name) {
    return file + ": " + name + ".purposes, .hosts, .build-nodes";
  }

  /** @throws IllegalStateException when the file cannot be read, is writable by others, or has an error */
  Optional<SecretBinding> read(String name) {
    Properties entries = load();
    String purposes = entries.getProperty(name + ".purposes");
    String hosts = entries.getProperty(name + ".hosts");
    String buildNodes = entries.getProperty(name + ".build-nodes");
    if (purposes == null && hosts == null && buildNodes == null) {
      return Optional.empty();
    }
    if (buildNodes != null && !buildNodes.trim().matches("true|false")) {
      throw new IllegalStateException(file + ": " + name + ".build-nodes is true or false, not '" + buildNodes + "'");
    }
    try {
      return Optional.of(SecretBinding.parse(file + ": " + name, list(purposes), list(hosts),
          Boolean.parseBoolean(buildNodes == null ? "false" : buildNodes.trim()), allowPatterns));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private Properties load() {
    Properties entries = new Properties();
    if (!Files.exists(file)) {
      return entries; // no bindings: every secret may be sent nowhere
    }
    requireOwnerWritable();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      entries.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot read the secret bindings " + file + ": " + e.getMessage(), e);
    }
    for (String key : entries.stringPropertyNames()) {
      if (KEYS.stream().noneMatch(key::endsWith) || !SecretRef.isWellFormed(key.substring(0, key.lastIndexOf('.')))) {
        throw new IllegalStateException(file + ": '" + key + "' is not <secret>.purposes, .hosts or .build-nodes");
      }
    }
    return entries;
  }

  private void requireOwnerWritable() {
    PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (posix == null) {
      return;
    }
    try {
      Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
      if (permissions.contains(PosixFilePermission.GROUP_WRITE)
          || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
        throw new IllegalStateException("the secret bindings " + file + " may be written by others than its owner, who "
            + "could widen where secrets go: chmod go-w it");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the permissions of " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<String> list(String value) {
    return value == null ? List.of()
        : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
