package dunes.vsphere;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code dunes.vsphere.ovf-directory}: the only directory a {@code file:} OVF (its descriptor and
 * every file it references) may come from. Without it no {@code file:} OVF is read, so a request
 * cannot make Dunes upload an arbitrary local file into vCenter. Checked twice: when the request is
 * validated (the path as written: no {@code ..}, below the directory) and when the files are read
 * (their real paths, symbolic links followed, still below the directory's real path), because a
 * link may change in between.
 */
public final class OvfDirectory {

  private final Path directory;

  private OvfDirectory(Path directory) {
    this.directory = directory;
  }

  /** No file: OVFs at all. */
  public static OvfDirectory none() {
    return new OvfDirectory(null);
  }

  public static OvfDirectory of(Path directory) {
    return new OvfDirectory(directory.toAbsolutePath().normalize());
  }

  /** From configuration: blank means none. */
  public static OvfDirectory of(String directory) {
    return directory == null || directory.isBlank() ? none() : of(Path.of(directory.strip()));
  }

  /** What is wrong with a {@code file:} URL as a request writes it, or empty: checked without trusting links. */
  public Optional<String> problem(String fileUrl) {
    try {
      Path path = path(fileUrl);
      if (Files.exists(path)) {
        inside(path);
      }
      return Optional.empty();
    } catch (OvfSourceException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * The local path of a {@code file:} URL below the directory.
   *
   * @throws OvfSourceException no directory configured, not a local file URL, a {@code ..} segment, or outside
   */
  public Path path(String fileUrl) {
    if (directory == null) {
      throw new OvfSourceException("file: OVFs are refused: no dunes.vsphere.ovf-directory is configured; "
          + "use an https: URL or configure the directory the OVFs are kept in");
    }
    Path path;
    try {
      URI uri = new URI(fileUrl.strip());
      if (uri.getRawAuthority() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new OvfSourceException("a file: OVF URL names a local path only: no host, query or fragment");
      }
      String written = uri.isOpaque() ? uri.getSchemeSpecificPart() : uri.getPath();
      if (written == null || written.isEmpty()) {
        throw new OvfSourceException("a file: OVF URL needs a path");
      }
      for (String segment : written.split("[/\\\\]")) {
        if (segment.equals("..")) {
          throw new OvfSourceException("a file: OVF URL must not step up with '..'");
        }
      }
      path = (uri.isOpaque() ? Path.of(written) : Path.of(uri)).toAbsolutePath().normalize();
    } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
      throw new OvfSourceException("not a local file URL (" + e.getMessage() + ")", e);
    }
    if (!path.startsWith(directory) || path.equals(directory)) {
      throw new OvfSourceException("file: OVFs are read only below " + directory + " (dunes.vsphere.ovf-directory)");
    }
    return path;
  }

  /**
   * {@code file}'s real path, symbolic links followed, when it lies below the directory's real path.
   *
   * @throws OvfSourceException outside (a link out of the directory) or unreadable
   */
  public Path inside(Path file) {
    if (directory == null) {
      throw new OvfSourceException("file: OVFs are refused: no dunes.vsphere.ovf-directory is configured");
    }
    try {
      Path root = directory.toRealPath();
      Path real = file.toRealPath();
      if (!real.startsWith(root) || real.equals(root)) {
        throw new OvfSourceException(file.getFileName() + " leads out of " + directory
            + " (dunes.vsphere.ovf-directory) through a symbolic link: refused");
      }
      return real;
    } catch (IOException e) {
      throw new OvfSourceException("cannot read " + file.getFileName() + " below " + directory + ": " + e, e);
    }
  }

  @Override
  public String toString() {
    return directory == null ? "(none)" : directory.toString();
  }
}
