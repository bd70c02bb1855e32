package dunes.vsphere;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.rmi.RemoteException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.dom4j.Document;
import org.dom4j.Element;
import org.dom4j.io.SAXReader;
import org.dom4j.io.XMLWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.vmware.vim25.ws.WSClient;

/**
 * yavijava's SOAP client, made to read vCenters newer than itself. yavijava maps each XML element
 * to a Java field and fails on any element it has no field for (a vCenter 6.5+ sends many, e.g.
 * {@code vStorageObjectManager} in the ServiceContent). This client lets yavijava parse as usual
 * and, when it names an element it cannot map, drops that element and parses again; names once
 * seen are dropped up front from then on. Data yavijava cannot represent is lost either way.
 * SOAP faults are read by {@link SoapFaults}: yavijava's own reader fails on Java 17. An answer
 * with a DOCTYPE is refused before any of this ({@link DoctypeGuard}): yavijava's parser resolves
 * external entities.
 */
public class TolerantWsClient extends WSClient {

  private static final Logger LOG = LoggerFactory.getLogger(TolerantWsClient.class);
  /** Element names yavijava has no field for, learnt from earlier answers. */
  private static final Set<String> UNKNOWN_ELEMENTS = ConcurrentHashMap.newKeySet();
  /** Bounds the re-parsing of one answer: each round drops at least one more name. */
  private static final int MAX_ROUNDS = 64;

  public TolerantWsClient(String serverUrl, boolean trustAllRequested, TrustManager trustManager)
      throws MalformedURLException, RemoteException {
    super(serverUrl, refuseTrustAll(trustAllRequested), trustManager);
  }

  public TolerantWsClient(String serverUrl, boolean trustAllRequested) throws MalformedURLException, RemoteException {
    super(serverUrl, refuseTrustAll(trustAllRequested));
  }

  /**
   * yavijava builds one SSLContext for the whole JVM from the first TrustManager it is given
   * ({@code CustomSSLTrustContextCreator}), so a second vCenter would be checked against the first
   * one's pin. Each client gets its own context here.
   */
  @Override
  protected SSLSocketFactory getCustomTrustManagerSocketFactory(TrustManager trustManager) throws RemoteException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager}, null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new RemoteException("cannot set up TLS for the vCenter connection", e);
    }
  }

  @Override
  public Object unMarshall(String returnType, InputStream in) throws Exception {
    byte[] body = in.readAllBytes();
    DoctypeGuard.refuseDoctype(body); // before any parser that resolves entities, yavijava's included
    SoapFaults.throwIfFault(body);
    if (!UNKNOWN_ELEMENTS.isEmpty()) {
      body = without(body, Set.copyOf(UNKNOWN_ELEMENTS));
    }
    for (int round = 0; ; round++) {
      try {
        return super.unMarshall(returnType, new ByteArrayInputStream(body));
      } catch (Exception e) {
        String unknown = unknownElement(e);
        if (unknown == null || round >= MAX_ROUNDS) {
          throw e;
        }
        if (UNKNOWN_ELEMENTS.add(unknown)) {
          LOG.debug("vSphere sent element <{}> that yavijava cannot map; it is skipped from now on", unknown);
        }
        body = without(body, Set.of(unknown));
      }
    }
  }

  /** Element names skipped so far in this JVM (the debug log names each once). */
  public static Set<String> skippedElements() {
    return Set.copyOf(UNKNOWN_ELEMENTS);
  }

  /** The element name behind yavijava's NoSuchFieldException, anywhere in the cause chain. */
  static String unknownElement(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NoSuchFieldException && t.getMessage() != null) {
        return t.getMessage();
      }
    }
    return null;
  }

  static byte[] without(byte[] xml, Set<String> names) throws Exception {
    SAXReader reader = SAXReader.createDefault();
    reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true); // SOAP has none: no XXE
    Document document = reader.read(new ByteArrayInputStream(xml));
    if (!prune(document.getRootElement(), names)) {
      return xml;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(xml.length);
    new XMLWriter(out).write(document);
    return out.toByteArray();
  }

  /** Detaches every descendant element with one of the names; true if any was. */
  private static boolean prune(Element parent, Set<String> names) {
    boolean changed = false;
    for (Element child : List.copyOf(parent.elements())) {
      if (names.contains(child.getName())) {
        child.detach();
        changed = true;
      } else {
        changed |= prune(child, names);
      }
    }
    return changed;
  }

  private static boolean refuseTrustAll(boolean trustAllRequested) {
    if (trustAllRequested) {
      throw new IllegalArgumentException("Dunes never turns off certificate checks: pin the vCenter's fingerprint");
    }
    return false;
  }
}
