package dunes.lab.edge;

import static dunes.lab.edge.EdgeApiException.badRequest;

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
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A text the manager holds (the load balancer configuration, an object of it, a vNIC) as a JDK DOM,
 * so that the lab keeps every element a client sent, known to the lab or not, and answers it back as
 * written: whitespace, comments and element order as they came; the prolog (declaration, comments)
 * and trailing whitespace of a whole document verbatim. What a DOM cannot keep is written the
 * serializer's way: an empty element as {@code <x/>}, attributes in double quotes, character
 * references as characters. An element the manager adds takes the indentation of the element it
 * stands next to, and a removed one takes its own indentation with it, so that adding then removing
 * an object gives the same text back.
 *
 * <p>Parsing refuses DTDs and external entities (secure processing); a malformed body, or one with
 * another root element, is the manager's 400.
 */
final class StoredXml {

  private static final DocumentBuilderFactory FACTORY = factory();

  private final Document document;
  private final String prolog;
  private final String epilogue;

  private StoredXml(Document document, String prolog, String epilogue) {
    this.document = document;
    this.prolog = prolog;
    this.epilogue = epilogue;
  }

  /** @throws EdgeApiException (400) when the text is not well-formed, has a DTD, or another root */
  static StoredXml parse(String xml, String root) {
    Document document;
    try {
      DocumentBuilder builder;
      synchronized (FACTORY) { // a factory is not thread-safe; each builder is used by one thread
        builder = FACTORY.newDocumentBuilder();
      }
      builder.setErrorHandler(new DefaultHandler() {
        @Override
        public void error(org.xml.sax.SAXParseException e) throws SAXException {
          throw e;
        }
      });
      document = builder.parse(new InputSource(new StringReader(xml)));
    } catch (SAXException | IOException | ParserConfigurationException e) {
      throw badRequest("not a valid <" + root + "> body: " + e.getMessage());
    }
    String name = document.getDocumentElement().getLocalName();
    if (!root.equals(name)) {
      throw badRequest("expected <" + root + ">, got <" + name + ">");
    }
    return new StoredXml(document, prolog(xml), xml.substring(xml.stripTrailing().length()));
  }

  Element root() {
    return document.getDocumentElement();
  }

  /** The whole document: the prolog it came with, the (edited) root, its trailing whitespace. */
  String text() {
    return prolog + write(root()) + epilogue;
  }

  /** One element alone, without declaration: an object of the configuration as it is stored. */
  static String write(Element element) {
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
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static List<Element> children(Element parent) {
    List<Element> found = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element) {
        found.add(element);
      }
    }
    return found;
  }

  /** The child elements named {@code name}, in document order. */
  static List<Element> children(Element parent, String name) {
    return children(parent).stream().filter(e -> name.equals(e.getLocalName())).toList();
  }

  static Optional<Element> child(Element parent, String name) {
    return children(parent, name).stream().findFirst();
  }

  /** The trimmed text of the first child {@code name}; empty when there is none. */
  static Optional<String> childText(Element parent, String name) {
    return child(parent, name).map(e -> e.getTextContent().strip());
  }

  /** A copy of {@code element}, from any document, owned by {@code parent}'s document and not yet placed. */
  static Element adopt(Element parent, Element element) {
    return (Element) parent.getOwnerDocument().importNode(element, true);
  }

  /** A new element {@code <name>text</name>} in {@code parent}'s namespace, not yet placed. */
  static Element create(Element parent, String name, String text) {
    Element element = parent.getOwnerDocument().createElementNS(parent.getNamespaceURI(), name);
    element.setTextContent(text);
    return element;
  }

  /** {@code child} as the first element of {@code parent}, indented like the element that was first. */
  static void insertFirst(Element parent, Element child) {
    List<Element> elements = children(parent);
    if (elements.isEmpty()) {
      parent.insertBefore(child, parent.getFirstChild());
      return;
    }
    Element first = elements.get(0);
    Text indent = indentation(first);
    Node at = indent != null ? indent : first;
    if (indent != null) {
      parent.insertBefore(indent.cloneNode(false), at);
    }
    parent.insertBefore(child, at);
  }

  /** {@code child} right after {@code anchor}, on its own line when the anchor is. */
  static void insertAfter(Element anchor, Element child) {
    Node parent = anchor.getParentNode();
    Node next = anchor.getNextSibling();
    Text indent = indentation(anchor);
    if (indent != null) {
      parent.insertBefore(indent.cloneNode(false), next);
    }
    parent.insertBefore(child, next);
  }

  /** Removes {@code element} with the indentation in front of it. */
  static void remove(Element element) {
    Node parent = element.getParentNode();
    Text indent = indentation(element);
    if (indent != null) {
      parent.removeChild(indent);
    }
    parent.removeChild(element);
  }

  /** The whitespace-only text right before {@code element}, or null when it does not stand on its own. */
  private static Text indentation(Element element) {
    return element.getPreviousSibling() instanceof Text text && text.getData().isBlank() ? text : null;
  }

  /** Everything before the root element: the declaration, comments and whitespace, kept verbatim. */
  private static String prolog(String xml) {
    int at = 0;
    while (true) {
      while (at < xml.length() && Character.isWhitespace(xml.charAt(at))) {
        at++;
      }
      String terminator = xml.startsWith("<?", at) ? "?>" : xml.startsWith("<!--", at) ? "-->" : null;
      if (terminator == null) {
        return xml.substring(0, at);
      }
      int end = xml.indexOf(terminator, at);
      at = end < 0 ? xml.length() : end + terminator.length();
    }
  }

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
