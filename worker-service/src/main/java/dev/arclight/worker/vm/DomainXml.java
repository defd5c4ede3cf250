package dev.arclight.worker.vm;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Writes the libvirt domain XML of an Arclight VM, and reads Arclight's metadata back from a
 * domain's XML.
 *
 * <p>The VM is as small as a q35 guest gets: the kernel and initrd are booted directly, the root
 * disk is a shared read-only virtio-blk image, and there is no network device at all. libvirt must
 * not hand the shared root disk to the QEMU user (it would, and never hand it back for a read-only
 * disk): left root's, no VM's QEMU can write the image other tenants' VMs boot from. The guest's
 * only way to the host is one virtio-serial port ({@value #AGENT_PORT}), which QEMU exposes as a
 * UNIX socket the worker connects to. {@code <memory>} is the maximum the balloon can give the
 * guest; {@code <currentMemory>} is what it starts with. The balloon deflates by itself when the
 * guest runs out of memory, and free page reporting hands freed guest pages back to the host
 * without waiting for a resize. {@code <genid/>} lets libvirt give every restored clone a new VM
 * generation id (a guest kernel with the vmgenid driver reseeds its RNG on it; this guest's agent
 * reseeds it anyway). Under TCG, {@code <tcg><tb-cache>} caps QEMU's translation cache
 * ({@link TcgProperties}); a KVM domain never gets it. The serial console goes to a file: it is
 * what tells that a guest booted, and why not when it did not.
 */
public final class DomainXml {

    /** The name of the virtio-serial port the guest agent listens on. */
    public static final String AGENT_PORT = "arclight.agent";

    /** The machine type every VM gets (a saved template restores only into the same one). */
    public static final String MACHINE = "q35";

    private DomainXml() {}

    public static String render(String domainName, VmSpec spec, VmMetadata metadata, VmFiles files) {
        return render(domainName, spec, metadata, files, TcgProperties.qemuDefault());
    }

    public static String render(String domainName, VmSpec spec, VmMetadata metadata, VmFiles files, TcgProperties tcg) {
        var image = spec.image();
        return """
                <domain type='%s'>
                  <name>%s</name>
                  <metadata>
                    %s
                  </metadata>
                  <memory unit='MiB'>%d</memory>
                  <currentMemory unit='MiB'>%d</currentMemory>
                  <vcpu placement='static'>%d</vcpu>
                  <genid/>
                  <os>
                    <type arch='x86_64' machine='%s'>hvm</type>
                    <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>%s</cmdline>
                  </os>
                  <features>
                    <acpi/>
                    %s
                  </features>
                  <clock offset='utc'/>
                  <on_poweroff>destroy</on_poweroff>
                  <on_reboot>destroy</on_reboot>
                  <on_crash>destroy</on_crash>
                  <devices>
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='raw'/>
                      <source file='%s'>
                        <seclabel model='dac' relabel='no'/>
                      </source>
                      <target dev='vda' bus='virtio'/>
                      <readonly/>
                    </disk>
                    <controller type='usb' model='none'/>
                    <serial type='file'>
                      <source path='%s'/>
                      <target port='0'/>
                    </serial>
                    <channel type='unix'>
                      <source mode='bind' path='%s'/>
                      <target type='virtio' name='%s'/>
                    </channel>
                    <memballoon model='virtio' autodeflate='on' freePageReporting='on'>
                      <stats period='2'/>
                    </memballoon>
                  </devices>
                </domain>
                """.formatted(
                        spec.accel().domainType(),
                        escape(domainName),
                        metadataElement(metadata),
                        spec.maxMemoryMib(),
                        spec.memoryMib(),
                        spec.vcpus(),
                        MACHINE,
                        escape(image.kernel().toString()),
                        escape(image.initrd().toString()),
                        escape(image.kernelCmdline()),
                        tcg.featuresElement(spec.accel()),
                        escape(image.rootfs().toString()),
                        escape(files.consoleLog().toString()),
                        escape(files.agentSocket().toString()),
                        AGENT_PORT);
    }

    /** The {@code <arclight:vm>} element of a domain's {@code <metadata>}, as written at define. */
    static String metadataElement(VmMetadata metadata) {
        return "<arclight:vm xmlns:arclight='" + VmMetadata.NAMESPACE + "'>" + metadataFields(metadata, "arclight:")
                + "</arclight:vm>";
    }

    /**
     * The same element as virDomainSetMetadata wants it: without prefix or namespace, which libvirt
     * adds itself (it replaces the whole element of the namespace, so every field is written again).
     */
    static String metadataForSet(VmMetadata metadata) {
        return "<vm>" + metadataFields(metadata, "") + "</vm>";
    }

    private static String metadataFields(VmMetadata metadata, String prefix) {
        var tenant = metadata.tenant()
                .map(t -> element(prefix + "tenant", escape(t)))
                .orElse("");
        return element(prefix + "worker", escape(metadata.workerId()))
                + element(prefix + "id", escape(metadata.vmId()))
                + tenant
                + element(prefix + "created-at", metadata.createdAt().toString())
                + element(prefix + "started-by", metadata.startedBy().tag());
    }

    private static String element(String name, String text) {
        return "<" + name + ">" + text + "</" + name + ">";
    }

    /**
     * Arclight's metadata in a domain's XML, or empty when the domain has none (it is not one of
     * ours) or has a damaged one.
     */
    public static Optional<VmMetadata> readMetadata(String domainXml) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(domainXml)));
            var vms = document.getElementsByTagNameNS(VmMetadata.NAMESPACE, "vm");
            if (vms.getLength() == 0) {
                return Optional.empty();
            }
            var vm = (Element) vms.item(0);
            var worker = text(vm, "worker");
            var id = text(vm, "id");
            var createdAt = text(vm, "created-at");
            if (worker.isEmpty() || id.isEmpty() || createdAt.isEmpty()) {
                return Optional.empty();
            }
            var startedBy = text(vm, "started-by")
                    .filter(StartMethod.RESTORE.tag()::equals)
                    .map(t -> StartMethod.RESTORE)
                    .orElse(StartMethod.BOOT);
            return Optional.of(new VmMetadata(
                    worker.get(), id.get(), text(vm, "tenant"), Instant.parse(createdAt.get()), startedBy));
        } catch (ParserConfigurationException | SAXException | IOException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(Element parent, String name) {
        var nodes = parent.getElementsByTagNameNS(VmMetadata.NAMESPACE, name);
        return nodes.getLength() == 0
                ? Optional.empty()
                : Optional.of(nodes.item(0).getTextContent().strip()).filter(s -> !s.isEmpty());
    }

    private static String escape(String text) {
        var out = new StringBuilder(text.length());
        for (var c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\'' -> out.append("&apos;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
