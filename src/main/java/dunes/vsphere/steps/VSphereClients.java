package dunes.vsphere.steps;

import dunes.build.BuildSpec;
import dunes.secrets.Destination;
import dunes.secrets.Purpose;
import dunes.secrets.SecretRef;
import dunes.secrets.SecretStore;
import dunes.vsphere.VSphereException;
import dunes.vsphere.VSpherePort;
import dunes.vsphere.VSphereProperties;
import dunes.vsphere.YavijavaVSphere;
import jakarta.annotation.PreDestroy;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.DnsResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The vSphere adapter a build's steps use: one logged-in adapter per vCenter, account and pinned
 * certificate, shared by every step and build that name the same, so jobs reuse the session instead
 * of logging in each time. The password is read from the secret store at each login (a rotated
 * one is used when the session is next opened), never from a variable.
 */
@Component
public class VSphereClients {

  private record Key(String url, String username, String passwordRef, String fingerprint) {}

  private final VSphereProperties properties;
  private final SecretStore secrets;
  private final DnsResolver dns;
  private final Map<Key, YavijavaVSphere> open = new ConcurrentHashMap<>();

  public VSphereClients(VSphereProperties properties, SecretStore secrets, ObjectProvider<DnsResolver> dns) {
    this.properties = properties;
    this.secrets = secrets;
    this.dns = dns.getIfAvailable();
  }

  /**
   * @param fingerprint the vCenter certificate's SHA-256 fingerprint the build trusts: the request's pin
   *     or the one an operator confirmed
   */
  public VSpherePort forBuild(BuildSpec.VCenter vcenter, String fingerprint) {
    if (fingerprint == null) {
      throw new VSphereException("no trusted fingerprint for vCenter " + vcenter.url()
          + ": the request pins none and no operator has confirmed one yet");
    }
    Key key = new Key(vcenter.url(), vcenter.username(), vcenter.passwordRef(), fingerprint);
    return open.computeIfAbsent(key, k -> YavijavaVSphere.open(properties, sdkUrl(k.url()), k.username(),
        () -> secrets.resolveFor(new SecretRef(k.passwordRef()), destination(k.url())), k.fingerprint()));
  }

  /** The vCenter as the request names it: the binding is checked against that name, not the address it resolves to. */
  private static Destination destination(String url) {
    URI uri = URI.create(url);
    return Destination.to(Purpose.VCENTER, uri.getHost(), Destination.port(uri));
  }

  /**
   * yavijava connects through the JDK, which knows only the system's resolver, so a name the
   * configured resolver knows (the lab's) is turned into its address; the pinned fingerprint, not
   * the name, authenticates the server.
   */
  private URL sdkUrl(String url) {
    try {
      URI uri = URI.create(url);
      if (dns == null) {
        return uri.toURL();
      }
      InetAddress address = dns.resolve(uri.getHost())[0];
      return new URI(uri.getScheme(), uri.getUserInfo(), address.getHostAddress(), uri.getPort(), uri.getPath(),
          uri.getQuery(), null).toURL();
    } catch (UnknownHostException e) {
      throw new VSphereException("cannot resolve the vCenter host of " + url + ": " + e.getMessage(), e);
    } catch (MalformedURLException | java.net.URISyntaxException | IllegalArgumentException e) {
      throw new VSphereException("not a usable vCenter URL: " + url, e);
    }
  }

  /** Logs out of every vCenter (at shutdown). */
  @PreDestroy
  public void closeAll() {
    open.values().forEach(YavijavaVSphere::close);
    open.clear();
  }
}
