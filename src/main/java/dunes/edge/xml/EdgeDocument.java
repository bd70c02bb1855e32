package dunes.edge.xml;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
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
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * An edge object as the manager wrote it, as a DOM, so that a change touches only the elements
 * it names and every other element — known to {@code dunes.edge.xml} or not ({@code portgroupId},
 * {@code mtu}, {@code logging}, ...) — goes back exactly as read. Written back with the original
 * prolog and trailing whitespace; an element added copies the indentation of its siblings, and a
 * removed one takes its indentation with it, so that adding then removing gives the text back.
 *
 * <p>Parsing refuses DTDs and external entities (secure processing).
 */
public final class EdgeDocument {

  private static final DocumentBuilderFactory FACTORY = factory();
  private static final String DEFAULT_STEP = "  ";

  private final Document document;
  private final String prolog;
  private final String epilogue;

  private EdgeDocument(Document document, String prolog, String epilogue) {
    this.document = document;
    this.prolog = prolog;
    this.epilogue = epilogue;
  }

  /** @throws InvalidEdgeXmlException when the text is not well-formed, has a DTD, or another root */
  public static EdgeDocument parse(String xml, String root) {
    Document document;
    try {
      DocumentBuilder builder;
      synchronized (FACTORY) { // a factory is not thread-safe; its builders are used by one thread each
        builder = FACTORY.newDocumentBuilder();
      }
      builder.setErrorHandler(THROWING);
      document = builder.parse(new InputSource(new StringReader(xml)));
    } catch (SAXException | IOException | ParserConfigurationException e) {
      throw new InvalidEdgeXmlException("not a valid <" + root + "> body: " + e.getMessage(), e);
    }
    String name = document.getDocumentElement().getLocalName();
    if (!root.equals(name)) {
      throw new InvalidEdgeXmlException("expected <" + root + ">, got <" + name + ">");
    }
    return new EdgeDocument(document, prolog(xml), xml.substring(xml.stripTrailing().length()));
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

  /** A copy of {@code element} (from any document) in this one, without its whitespace-only text. */
  public static Element adopt(Element parent, Element element) {
    Element copy = (Element) parent.getOwnerDocument().importNode(element, true);
    stripWhitespace(copy);
    return copy;
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

  private static final ErrorHandler THROWING = new ErrorHandler() {
    @Override
    public void warning(SAXParseException e) {}

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  };

  private static DocumentBuilderFactory factory() {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    try {
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    } catch (ParserConfigurationException e) {
      throw new ExceptionInInitializerError(e);
    }
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    factory.setNamespaceAware(true);
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    return factory;
  }
}
