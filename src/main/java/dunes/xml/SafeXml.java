package dunes.xml;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * The one way Dunes (and its lab) builds a DOM from text it did not write — an edge's
 * configuration, an OVF descriptor: namespace aware, DOCTYPEs refused (none of these formats has
 * one), no external entities, DTDs, schemas or XIncludes (no XXE), and errors thrown rather than
 * printed to stderr.
 */
public final class SafeXml {

  private static final DocumentBuilderFactory FACTORY = factory();

  private static final ErrorHandler THROWING = new ErrorHandler() {
    @Override
    public void warning(SAXParseException e) {
      // nothing a reader acts on
    }

    @Override
    public void error(SAXParseException e) throws SAXParseException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXParseException {
      throw e;
    }
  };

  private SafeXml() {}

  /** A new builder for one thread. */
  public static DocumentBuilder builder() {
    DocumentBuilder builder;
    try {
      synchronized (FACTORY) { // a factory is not thread-safe; each builder is used by one thread
        builder = FACTORY.newDocumentBuilder();
      }
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser refuses Dunes's safe settings", e);
    }
    builder.setErrorHandler(THROWING);
    return builder;
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
