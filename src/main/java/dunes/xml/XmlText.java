package dunes.xml;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.Text;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * A document as the text it came as, held as a DOM so that a change touches only the elements it
 * names and every other element, known to the reader or not, goes back as read: the prolog
 * (declaration, comments) and trailing whitespace verbatim, whitespace, comments and element order
 * as they came. What a DOM cannot keep is written the serializer's way: an empty element as
 * {@code <x/>}, attributes in double quotes, character references as characters. An element added
 * copies the indentation of the element it stands next to, and a removed one takes its indentation
 * with it, so that adding then removing gives the text back. Dunes's edge edits and the lab's
 * vShield Manager both keep texts this way; what each does with them is its own.
 *
 * <p>Parsing goes through {@link SafeXml}: no DTD, no external entities.
 */
public final class XmlText {

  private static final String DEFAULT_STEP = "  ";

  private final Document document;
  private final String prolog;
  private final String epilogue;

  private XmlText(Document document, String prolog, String epilogue) {
    this.document = document;
    this.prolog = prolog;
    this.epilogue = epilogue;
  }

  /** @throws InvalidXmlException when the text is not well-formed, has a DTD, or another root */
  public static XmlText parse(String xml, String root) {
    Document document;
    try {
      document = SafeXml.builder().parse(new InputSource(new StringReader(xml)));
    } catch (SAXException | IOException e) {
      throw new InvalidXmlException("not a valid <" + root + "> body: " + e.getMessage(), e);
    }
    String name = document.getDocumentElement().getLocalName();
    if (!root.equals(name)) {
      throw new InvalidXmlException("expected <" + root + ">, got <" + name + ">");
    }
    return new XmlText(document, prolog(xml), xml.substring(xml.stripTrailing().length()));
  }

  public Element root() {
    return document.getDocumentElement();
  }

  /** The whole document as text: the original prolog, the (edited) root, the original trailing whitespace. */
  public String text() {
    return prolog + write(root()) + epilogue;
  }

  /** One element alone as text, without declaration (e.g. a pool taken out of the configuration). */
  public static String write(Element element) {
    try {
      TransformerFactory factory = TransformerFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      Transformer transformer = factory.newTransformer();
      transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      transformer.setOutputProperty(OutputKeys.INDENT, "no");
      StringWriter out = new StringWriter();
      transformer.transform(new DOMSource(element), new StreamResult(out));
      return out.toString();
    } catch (TransformerException e) {
      throw new IllegalStateException("cannot write <" + element.getLocalName() + "> as XML", e);
    }
  }

  /** {@code text} as element content: {@code &}, {@code <} and {@code >} escaped. */
  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** The child elements of {@code parent} named {@code name}, in document order. */
  public static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && name.equals(element.getLocalName())) {
        found.add(element);
      }
    }
    return found;
  }

  public static List<Element> children(Element parent) {
    List<Element> found = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element) {
        found.add(element);
      }
    }
    return found;
  }

  public static Optional<Element> child(Element parent, String name) {
    return children(parent, name).stream().findFirst();
  }

  /** The trimmed text of the child {@code name}, or empty when there is none. */
  public static Optional<String> childText(Element parent, String name) {
    return child(parent, name).map(e -> e.getTextContent().strip());
  }

  /** A new element in the parent's namespace holding {@code text} (null: empty). */
  public static Element create(Element parent, String name, String text) {
    Element element = parent.getOwnerDocument().createElementNS(parent.getNamespaceURI(), name);
    if (text != null) {
      element.setTextContent(text);
    }
    return element;
  }

  /** Sets the text of the child {@code name}, adding it as the first child element when absent. */
  public static void setChildText(Element parent, String name, String text) {
    Optional<Element> existing = child(parent, name);
    if (existing.isPresent()) {
      existing.get().setTextContent(text);
    } else {
      insertBefore(parent, create(parent, name, text), children(parent).stream().findFirst().orElse(null));
    }
  }

  /** A copy of {@code element} (from any document) in this one, without its whitespace-only text, not yet placed. */
  public static Element adoptCompact(Element parent, Element element) {
    Element copy = adoptVerbatim(parent, element);
    stripWhitespace(copy);
    return copy;
  }

  /** A copy of {@code element} (from any document) in this one, whitespace and all, not yet placed. */
  public static Element adoptVerbatim(Element parent, Element element) {
    return (Element) parent.getOwnerDocument().importNode(element, true);
  }

  /**
   * Inserts {@code child} before {@code before} (null: as the last element), indented like its
   * siblings; into an element without children, one step deeper than the parent.
   */
  public static void insertBefore(Element parent, Element child, Element before) {
    List<Element> siblings = children(parent);
    if (siblings.isEmpty()) {
      String indent = indentOf(parent);
      removeAllChildren(parent);
      if (indent == null) {
        parent.appendChild(child);
        return;
      }
      String parentIndent = indent;
      Element grandParent = parent.getParentNode() instanceof Element e ? e : null;
      String outer = grandParent == null ? null : indentOf(grandParent);
      String step = outer != null && parentIndent.startsWith(outer) && parentIndent.length() > outer.length()
          ? parentIndent.substring(outer.length()) : DEFAULT_STEP;
      parent.appendChild(text(parent, parentIndent + step));
      parent.appendChild(child);
      parent.appendChild(text(parent, parentIndent));
      return;
    }
    Element reference = before != null ? before : siblings.get(siblings.size() - 1);
    String indent = indentOf(reference);
    if (before == null) {
      Node after = reference.getNextSibling();
      if (indent != null) {
        parent.insertBefore(text(parent, indent), after);
      }
      parent.insertBefore(child, after);
    } else {
      Node at = precedingWhitespace(before) != null ? precedingWhitespace(before) : before;
      if (indent != null) {
        parent.insertBefore(text(parent, indent), at);
      }
      parent.insertBefore(child, at);
    }
  }

  /** {@code child} as the first element of {@code parent}, indented like the element that was first. */
  public static void insertFirst(Element parent, Element child) {
    insertBefore(parent, child, children(parent).stream().findFirst().orElse(null));
  }

  /** {@code child} right after {@code anchor}, on a line of its own when the anchor stands on one. */
  public static void insertAfter(Element anchor, Element child) {
    Node parent = anchor.getParentNode();
    Node next = anchor.getNextSibling();
    Text indent = precedingWhitespace(anchor);
    if (indent != null) {
      parent.insertBefore(indent.cloneNode(false), next);
    }
    parent.insertBefore(child, next);
  }

  /** Removes {@code element} with its indentation; a parent left with only whitespace becomes empty. */
  public static void remove(Element element) {
    Node parent = element.getParentNode();
    Text indent = precedingWhitespace(element);
    if (indent != null) {
      parent.removeChild(indent);
    }
    parent.removeChild(element);
    if (parent instanceof Element p && children(p).isEmpty() && p.getTextContent().isBlank()) {
      removeAllChildren(p);
    }
  }

  /** The whitespace before {@code element}, or null when it does not stand on its own line. */
  private static String indentOf(Element element) {
    Text text = precedingWhitespace(element);
    return text == null ? null : text.getData();
  }

  private static Text precedingWhitespace(Element element) {
    return element.getPreviousSibling() instanceof Text text && text.getData().isBlank() ? text : null;
  }

  private static Text text(Element parent, String data) {
    return parent.getOwnerDocument().createTextNode(data);
  }

  private static void removeAllChildren(Node node) {
    while (node.getFirstChild() != null) {
      node.removeChild(node.getFirstChild());
    }
  }

  private static void stripWhitespace(Node node) {
    Node child = node.getFirstChild();
    while (child != null) {
      Node next = child.getNextSibling();
      if (child instanceof Text text && text.getData().isBlank() && node.getChildNodes().getLength() > 1) {
        node.removeChild(child);
      } else if (child instanceof Element) {
        stripWhitespace(child);
      }
      child = next;
    }
  }

  /** Everything before the root element: the declaration, comments and whitespace, kept verbatim. */
  private static String prolog(String xml) {
    int at = 0;
    while (true) {
      while (at < xml.length() && Character.isWhitespace(xml.charAt(at))) {
        at++;
      }
      if (xml.startsWith("<?", at)) {
        at = end(xml, at, "?>");
      } else if (xml.startsWith("<!--", at)) {
        at = end(xml, at, "-->");
      } else {
        return xml.substring(0, at);
      }
    }
  }

  private static int end(String xml, int from, String terminator) {
    int end = xml.indexOf(terminator, from);
    return end < 0 ? xml.length() : end + terminator.length();
  }
}
