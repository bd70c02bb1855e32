package dunes.edge.xml;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import java.io.StringReader;
import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Reads and writes the edge XML bodies; external entities and DTDs are refused on input. */
public final class EdgeXml {

  private static final JAXBContext CONTEXT = context();
  private static final XMLInputFactory INPUT = safeInput();

  private EdgeXml() {}

  public static String write(Object body) {
    try {
      Marshaller marshaller = CONTEXT.createMarshaller();
      marshaller.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, true);
      StringWriter out = new StringWriter();
      marshaller.marshal(body, out);
      return out.toString();
    } catch (JAXBException e) {
      throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as XML", e);
    }
  }

  /** @throws InvalidEdgeXmlException when the text is not well-formed or has another root */
  public static <T> T read(String xml, Class<T> type) {
    try {
      XMLStreamReader reader = INPUT.createXMLStreamReader(new StringReader(xml));
      Object body = CONTEXT.createUnmarshaller().unmarshal(reader);
      if (!type.isInstance(body)) {
        throw new InvalidEdgeXmlException("expected <" + rootName(type) + ">, got <"
            + rootName(body.getClass()) + ">");
      }
      return type.cast(body);
    } catch (JAXBException | XMLStreamException e) {
      throw new InvalidEdgeXmlException("not a valid <" + rootName(type) + "> body: " + rootCause(e), e);
    }
  }

  /** A deep copy, so that callers never share mutable configuration. */
  public static <T> T copy(T body, Class<T> type) {
    return read(write(body), type);
  }

  private static String rootName(Class<?> type) {
    jakarta.xml.bind.annotation.XmlRootElement root = type.getAnnotation(jakarta.xml.bind.annotation.XmlRootElement.class);
    return root == null ? type.getSimpleName() : root.name();
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : e.toString();
  }

  private static JAXBContext context() {
    try {
      return JAXBContext.newInstance(LoadBalancer.class, Pool.class, VirtualServer.class, Vnic.class,
          PagedEdgeList.class, ApiError.class);
    } catch (JAXBException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static XMLInputFactory safeInput() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    try {
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    } catch (IllegalArgumentException e) {
      // not every StAX implementation knows this property; DTDs are already off
    }
    return factory;
  }
}
