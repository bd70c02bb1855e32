package dunes.vsphere;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.ext.DefaultHandler2;

/**
 * Refuses a vCenter answer that carries a DOCTYPE before yavijava sees it: yavijava reads ordinary
 * answers with dom4j's default SAXReader, which resolves external entities (XXE), and a SOAP
 * message must not contain a document type declaration at all (SOAP 1.1 §3). Only the prolog is
 * read, up to the root element, by a parser that resolves nothing; an answer it cannot read that
 * far is refused too.
 */
final class DoctypeGuard {

  private static final SAXParserFactory FACTORY = factory();

  private DoctypeGuard() {}

  /** @throws VSphereException when the answer declares a document type */
  static void refuseDoctype(byte[] answer) {
    SAXParser parser;
    try {
      synchronized (FACTORY) { // a factory is not thread-safe
        parser = FACTORY.newSAXParser();
      }
      parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      Prolog prolog = new Prolog();
      parser.setProperty("http://xml.org/sax/properties/lexical-handler", prolog);
      parser.parse(new ByteArrayInputStream(answer), prolog);
    } catch (DoctypeFound e) {
      throw new VSphereException("vCenter's answer carries a DOCTYPE (" + e.getMessage()
          + "), which a SOAP message must not: refused unread, no entity resolved");
    } catch (RootReached e) {
      // the prolog had no DOCTYPE: yavijava may parse the answer
    } catch (SAXException | IOException e) {
      // refused as well: what this parser cannot read up to the root, no other parser should read on
      throw new VSphereException("vCenter's answer is not well-formed XML before its root element: " + e.getMessage());
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser refuses Dunes's safe settings", e);
    }
  }

  private static SAXParserFactory factory() {
    SAXParserFactory factory = SAXParserFactory.newInstance();
    try {
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    } catch (ParserConfigurationException | SAXException e) {
      throw new ExceptionInInitializerError(e);
    }
    factory.setNamespaceAware(true);
    factory.setXIncludeAware(false);
    return factory;
  }

  /** Stops at the DOCTYPE, before its internal subset or external DTD is read, or at the root element. */
  private static final class Prolog extends DefaultHandler2 {

    @Override
    public void startDTD(String name, String publicId, String systemId) throws SAXException {
      throw new DoctypeFound("<!DOCTYPE " + name + ">"); // an XML Name: safe to show
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
      throw new RootReached();
    }
  }

  private static final class DoctypeFound extends SAXException {
    DoctypeFound(String doctype) {
      super(doctype);
    }
  }

  private static final class RootReached extends SAXException {
    RootReached() {
      super("root element reached");
    }
  }
}
