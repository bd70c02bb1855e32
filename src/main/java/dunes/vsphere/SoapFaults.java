package dunes.vsphere;

import com.vmware.vim25.ws.SoapFaultException;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.rmi.RemoteException;
import org.dom4j.Attribute;
import org.dom4j.Document;
import org.dom4j.Element;
import org.dom4j.io.SAXReader;
import org.doublecloud.ws.util.TypeUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a SOAP fault into yavijava's typed fault (NotAuthenticated, InvalidPowerState, ...), so
 * callers check faults by type. yavijava's own reader puts the fault string into
 * {@code Throwable.detailMessage} by reflection, which Java 17 refuses without
 * {@code --add-opens java.base/java.lang}: every fault then arrived as an untyped RuntimeException
 * ("Could not map the soap fault"). Here the fault string travels as the typed fault's
 * {@code detail} (a {@link SoapFaultException}), which {@code getCause()} returns.
 */
final class SoapFaults {

  private static final Logger LOG = LoggerFactory.getLogger(SoapFaults.class);
  private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
  private static final Object XML_GEN;
  private static final Method FROM_XML;

  static {
    Object xmlGen = null;
    Method fromXml = null;
    try {
      // yavijava's reader for one element into a vim type; package-private in yavijava, same (unnamed) module
      Class<?> type = Class.forName("com.vmware.vim25.ws.XmlGenDom");
      Constructor<?> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      xmlGen = constructor.newInstance();
      fromXml = type.getDeclaredMethod("fromXml", Class.class, Element.class);
      fromXml.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("yavijava's XML reader is not reachable; vSphere faults keep their type but lose their fields", e);
    }
    XML_GEN = xmlGen;
    FROM_XML = fromXml;
  }

  private SoapFaults() {}

  /** Throws the answer's fault, typed when yavijava knows the type; returns when the answer is no fault. */
  static void throwIfFault(byte[] answer) throws Exception {
    Element fault = fault(answer);
    if (fault == null) {
      return;
    }
    SoapFaultException soap = new SoapFaultException();
    soap.setFaultCode(fault.elementText("faultcode"));
    soap.setFaultString(fault.elementText("faultstring"));
    soap.setFaultActor(fault.elementText("faultactor"));
    Element detail = fault.element("detail");
    if (detail != null && !detail.elements().isEmpty()) {
      RemoteException typed = typed(detail.elements().get(0));
      if (typed != null) {
        typed.detail = soap;
        throw typed;
      }
    }
    throw soap;
  }

  private static Element fault(byte[] answer) throws Exception {
    // a fault answer is small; skip parsing the (possibly large) ordinary answers
    String head = new String(answer, 0, Math.min(answer.length, 2048), java.nio.charset.StandardCharsets.UTF_8);
    if (!head.contains("Fault>") && !head.contains(":Fault")) {
      return null;
    }
    SAXReader reader = SAXReader.createDefault();
    reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = reader.read(new ByteArrayInputStream(answer));
    Element body = document.getRootElement().element("Body");
    return body == null ? null : body.element("Fault");
  }

  private static RemoteException typed(Element element) {
    String type = null;
    for (Attribute attribute : element.attributes()) {
      if ("type".equals(attribute.getName()) && XSI.equals(attribute.getNamespaceURI())) {
        type = attribute.getValue();
      }
    }
    if (type == null) {
      type = element.getName().endsWith("Fault") && !element.getName().equals("MethodFault")
          ? element.getName().substring(0, element.getName().length() - "Fault".length()) : element.getName();
    }
    type = type.contains(":") ? type.substring(type.indexOf(':') + 1) : type;
    Class<?> vimClass;
    try {
      vimClass = TypeUtil.getVimClass(type);
    } catch (RuntimeException e) {
      return null;
    }
    if (vimClass == null || !RemoteException.class.isAssignableFrom(vimClass)) {
      return null;
    }
    if (FROM_XML != null) {
      try {
        return (RemoteException) FROM_XML.invoke(XML_GEN, vimClass, element);
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.debug("fault {} read without its fields: {}", type, e.toString());
      }
    }
    try {
      return (RemoteException) vimClass.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }
}
