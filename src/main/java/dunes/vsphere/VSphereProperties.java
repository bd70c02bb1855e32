package dunes.vsphere;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code dunes.vsphere.*}: how long each kind of vCenter operation may take.
 *
 * @param connectTimeout TCP and TLS connect of one SOAP call
 * @param readTimeout waiting for one SOAP answer (a task-starting call answers at once)
 * @param leaseWait an OVF import's HttpNfcLease leaving "initializing" (vCenter prepares the disks)
 * @param uploadTimeout one disk upload through the lease
 */
@ConfigurationProperties("dunes.vsphere")
public record VSphereProperties(Duration connectTimeout, Duration readTimeout, Duration leaseWait, Duration uploadTimeout) {

  public VSphereProperties {
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    readTimeout = readTimeout == null ? Duration.ofSeconds(60) : readTimeout;
    leaseWait = leaseWait == null ? Duration.ofMinutes(5) : leaseWait;
    uploadTimeout = uploadTimeout == null ? Duration.ofMinutes(30) : uploadTimeout;
  }

  public static VSphereProperties defaults() {
    return new VSphereProperties(null, null, null, null);
  }
}
