package dunes.vsphere;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import dunes.xml.SafeXml;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * What {@link OvfSource} needs from an OVF descriptor, its References, read with the JDK's DOM
 * parser, DOCTYPEs and external entities refused (no XXE).
 */
record OvfDescriptor(List<OvfDescriptor.Ref> files) {

  static final String OVF_NS = "http://schemas.dmtf.org/ovf/envelope/1";
  /** One path segment of an href Dunes follows: no "..", no hidden name (the cache's own files), no escapes. */
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_~+=,@-][A-Za-z0-9._~+=,@-]*");

  /** One References/File: its href relative to the descriptor, and its size when the descriptor states one. */
  record Ref(String href, Long size) {}

  /** A relative path below the descriptor's folder: no scheme, host, absolute path, ".." or percent escapes. */
  static boolean safe(String href) {
    for (String segment : href.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches()) {
        return false;
      }
    }
    return true;
  }

  /** Reads {@code file} (shown as {@code name}); {@code fail} starts every message ("cannot … <url>: "). */
  static OvfDescriptor read(Path file, String name, String fail) {
    Element root;
    try (InputStream in = Files.newInputStream(file)) {
      root = parser().parse(in).getDocumentElement();
    } catch (SAXException e) {
      throw new OvfSourceException(fail + name + " is not an OVF descriptor: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new OvfSourceException(fail + "cannot read " + name + ": " + problem(e), e);
    }
    if (!"Envelope".equals(root.getLocalName()) || !OVF_NS.equals(root.getNamespaceURI())) {
      throw new OvfSourceException(fail + name + " is not an OVF descriptor: root element is <" + root.getTagName()
          + (root.getNamespaceURI() == null ? "" : " xmlns=\"" + root.getNamespaceURI() + "\"") + ">, not an "
          + OVF_NS + " Envelope");
    }
    List<Ref> refs = new ArrayList<>();
    for (Element ref : children(children(root, "References"), "File")) {
      String href = ref.getAttributeNS(OVF_NS, "href");
      if (href.isEmpty()) {
        throw new OvfSourceException(fail + name + " has a References/File without ovf:href");
      }
      if (!safe(href)) {
        throw new OvfSourceException(fail + name + " references '" + href + "', which Dunes refuses: only relative "
            + "paths beside the descriptor are followed (no URL, other host, absolute path, '..' or escapes)");
      }
      if (ref.hasAttributeNS(OVF_NS, "chunkSize")) {
        throw new OvfSourceException(fail + name + " splits '" + href + "' into chunks (ovf:chunkSize): not supported");
      }
      String size = ref.getAttributeNS(OVF_NS, "size");
      try {
        refs.add(new Ref(href, size.isEmpty() ? null : Long.valueOf(size)));
      } catch (NumberFormatException e) {
        throw new OvfSourceException(fail + name + " states ovf:size '" + size + "' for '" + href + "': not a number", e);
      }
    }
    return new OvfDescriptor(List.copyOf(refs));
  }

  /** "NoSuchFileException /x/y": the JDK's messages alone often name only a path. */
  static String problem(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }

  private static List<Element> children(List<Element> parents, String localName) {
    List<Element> found = new ArrayList<>();
    for (Element parent : parents) {
      found.addAll(children(parent, localName));
    }
    return found;
  }

  private static List<Element> children(Element parent, String localName) {
    List<Element> found = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && OVF_NS.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
        found.add(e);
      }
    }
    return found;
  }

  /** The descriptor's root element, or an {@link OvfSourceException} naming the file and the problem. */
  static Element root(Path descriptor) {
    try {
      return parser().parse(descriptor.toFile()).getDocumentElement();
    } catch (IOException | SAXException e) {
      throw new OvfSourceException("cannot read the OVF descriptor " + descriptor.getFileName() + ": "
          + problem(e), e);
    }
  }

  /** Every OVF read goes through {@link SafeXml}: no DOCTYPE, no external entities (no XXE). */
  static DocumentBuilder parser() {
    return SafeXml.builder();
  }
}
