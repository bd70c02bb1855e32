package dunes.vsphere;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An OVF manifest ({@code <name>.mf}): lines {@code SHA256(file)= hex}, also SHA1 and SHA512. */
record OvfManifest(String name, Map<String, OvfManifest.Digest> digests) {

  private static final Pattern LINE = Pattern.compile("(SHA1|SHA256|SHA512)\\((.+)\\)\\s*=\\s*([0-9A-Fa-f]+)");

  /** One line: the algorithm as the manifest writes it (SHA256) and as the JDK does (SHA-256), the hex digest. */
  record Digest(String label, String algorithm, String hex) {}

  static final OvfManifest NONE = new OvfManifest("(none)", Map.of());

  /** Reads {@code file} (shown as {@code name}); {@code fail} starts every message. */
  static OvfManifest read(Path file, String name, String fail) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new OvfSourceException(fail + "cannot read manifest " + name + ": " + OvfDescriptor.problem(e), e);
    }
    Map<String, Digest> digests = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      String algorithm = m.matches() ? "SHA-" + m.group(1).substring(3) : null;
      if (algorithm == null || !OvfDescriptor.safe(m.group(2))
          || m.group(3).length() != messageDigest(algorithm).getDigestLength() * 2) {
        throw new OvfSourceException(fail + "manifest " + name + " line " + (i + 1) + " is not 'SHA256(file)= <hex>' "
            + "for a file beside the descriptor: '" + (line.length() > 80 ? line.substring(0, 80) + "…" : line) + "'");
      }
      digests.put(m.group(2), new Digest(m.group(1), algorithm, m.group(3).toLowerCase(Locale.ROOT)));
    }
    return new OvfManifest(name, Map.copyOf(digests));
  }

  /**
   * The manifest beside the descriptor, downloaded once; a 404 is remembered by a hidden marker
   * (no href may name a hidden file), so a converged cache asks the server nothing.
   */
  static OvfManifest fetch(OvfDownload http, URI uri, Path dir, String name, String fail) throws IOException {
    String mf = (name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name) + ".mf";
    Path local = dir.resolve(mf);
    Path absent = dir.resolve("." + mf + ".absent");
    if (!Files.isRegularFile(local) && !Files.exists(absent)
        && !http.fetch(uri.resolve(mf), local, mf, OvfSource.MAX_TEXT, null, true,
            temp -> OvfManifest.read(temp, mf, fail))) {
      try {
        Files.createFile(absent);
      } catch (FileAlreadyExistsException e) {
        // another resolve of the same URL found the same
      }
    }
    return Files.isRegularFile(local) ? OvfManifest.read(local, mf, fail) : OvfManifest.NONE;
  }

  /**
   * Every listed file in {@code dir} against its digest; a file that differs is removed, and this
   * manifest with it (a later resolve downloads both again). The manifest may list the descriptor
   * and the files it references.
   */
  void verify(Path dir, String descriptor, OvfDescriptor ovf, String fail) {
    for (Map.Entry<String, Digest> listed : digests.entrySet()) {
      String file = listed.getKey();
      Digest expected = listed.getValue();
      if (!file.equals(descriptor) && ovf.files().stream().noneMatch(ref -> ref.href().equals(file))) {
        throw new OvfSourceException(fail + "manifest " + name + " lists " + file + ", which " + descriptor
            + " does not reference");
      }
      Path local = dir.resolve(file);
      try {
        String actual = digest(local, expected.algorithm());
        if (!actual.equals(expected.hex())) {
          Files.deleteIfExists(local);
          Files.deleteIfExists(dir.resolve(name)); // the manifest may be the stale one: the next resolve asks again
          throw new OvfSourceException(fail + file + " does not match manifest " + name + ": its " + expected.label()
              + " is " + actual + ", the manifest states " + expected.hex() + "; " + file + " and the manifest were "
              + "removed from the cache");
        }
      } catch (IOException e) {
        throw new OvfSourceException(fail + "cannot check " + file + " against manifest " + name + ": "
            + OvfDescriptor.problem(e), e);
      }
    }
  }

  /** Lower-case hex digest of {@code file} with the JDK's {@code algorithm} (SHA-256, …). */
  static String digest(Path file, String algorithm) throws IOException {
    MessageDigest digest = messageDigest(algorithm);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) != -1; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest messageDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + algorithm, e);
    }
  }
}
