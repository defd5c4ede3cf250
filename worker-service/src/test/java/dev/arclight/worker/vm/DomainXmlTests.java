package dev.arclight.worker.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class DomainXmlTests {

    private static final GuestImage IMAGE = new GuestImage(
            Path.of("/images/vmlinuz"),
            Path.of("/images/initrd.img"),
            Path.of("/images/rootfs.img"),
            "console=ttyS0 quiet");
    private static final Instant CREATED = Instant.parse("2026-11-23T10:15:30Z");
    private static final VmFiles FILES = new VmFiles(Path.of("/vms/arclight-w1-vm1"));

    private static String render(Accel accel, Optional<String> tenant) {
        var spec = new VmSpec("vm1", tenant, 256, 1024, 2, IMAGE, accel);
        return DomainXml.render("arclight-w1-vm1", spec, new VmMetadata("w1", "vm1", tenant, CREATED), FILES);
    }

    private static String render(Accel accel, TcgProperties tcg) {
        var spec = new VmSpec("vm1", Optional.empty(), 256, 1024, 2, IMAGE, accel);
        return DomainXml.render(
                "arclight-w1-vm1", spec, new VmMetadata("w1", "vm1", Optional.empty(), CREATED), FILES, tcg);
    }

    @Test
    void bootsTheKernelDirectlyWithTheImageCommandLine() throws Exception {
        var xml = parse(render(Accel.TCG, Optional.empty()));

        assertThat(xpath(xml, "/domain/@type")).isEqualTo("qemu");
        assertThat(xpath(xml, "/domain/name")).isEqualTo("arclight-w1-vm1");
        assertThat(xpath(xml, "/domain/os/kernel")).isEqualTo("/images/vmlinuz");
        assertThat(xpath(xml, "/domain/os/initrd")).isEqualTo("/images/initrd.img");
        assertThat(xpath(xml, "/domain/os/cmdline")).isEqualTo("console=ttyS0 quiet");
        assertThat(xpath(xml, "/domain/vcpu")).isEqualTo("2");
    }

    @Test
    void usesTheKvmDomainTypeUnderKvm() throws Exception {
        assertThat(xpath(parse(render(Accel.KVM, Optional.empty())), "/domain/@type"))
                .isEqualTo("kvm");
    }

    @Test
    void setsMaximumMemoryAndStartsAtTheRequestedMemory() throws Exception {
        var xml = parse(render(Accel.TCG, Optional.empty()));

        assertThat(xpath(xml, "/domain/memory")).isEqualTo("1024");
        assertThat(xpath(xml, "/domain/memory/@unit")).isEqualTo("MiB");
        assertThat(xpath(xml, "/domain/currentMemory")).isEqualTo("256");
        assertThat(xpath(xml, "/domain/currentMemory/@unit")).isEqualTo("MiB");
    }

    @Test
    void hasABalloonWithStatsThatDeflatesOnOomAndReportsFreePages() throws Exception {
        var xml = parse(render(Accel.TCG, Optional.empty()));

        assertThat(xpath(xml, "/domain/devices/memballoon/@model")).isEqualTo("virtio");
        assertThat(xpath(xml, "/domain/devices/memballoon/@autodeflate")).isEqualTo("on");
        assertThat(xpath(xml, "/domain/devices/memballoon/@freePageReporting")).isEqualTo("on");
        assertThat(xpath(xml, "/domain/devices/memballoon/stats/@period")).isEqualTo("2");
    }

    @Test
    void capsTheTranslationCacheOfATcgDomain() throws Exception {
        var xml = parse(render(Accel.TCG, new TcgProperties(64)));

        assertThat(xpath(xml, "/domain/features/tcg/tb-cache")).isEqualTo("64");
        assertThat(xpath(xml, "/domain/features/tcg/tb-cache/@unit")).isEqualTo("MiB");
        assertThat(nodes(xml, "/domain/features/acpi").getLength()).isEqualTo(1);
    }

    @Test
    void neverGivesAKvmDomainTcgSettings() throws Exception {
        var xml = parse(render(Accel.KVM, new TcgProperties(64)));

        assertThat(nodes(xml, "/domain/features/tcg").getLength()).isZero();
    }

    @Test
    void leavesQemusDefaultCacheWhenTheSettingIsZero() throws Exception {
        assertThat(nodes(parse(render(Accel.TCG, Optional.empty())), "/domain/features/tcg")
                        .getLength())
                .isZero();
    }

    @Test
    void attachesTheRootDiskReadOnlyOverVirtio() throws Exception {
        var xml = parse(render(Accel.TCG, Optional.empty()));

        assertThat(xpath(xml, "/domain/devices/disk/source/@file")).isEqualTo("/images/rootfs.img");
        assertThat(xpath(xml, "/domain/devices/disk/target/@bus")).isEqualTo("virtio");
        assertThat(nodes(xml, "/domain/devices/disk/readonly").getLength()).isEqualTo(1);
        assertThat(xpath(xml, "/domain/devices/disk/source/seclabel[@model='dac']/@relabel"))
                .isEqualTo("no");
    }

    @Test
    void givesTheGuestOnlyTheAgentPortAndNoNetwork() throws Exception {
        var xml = parse(render(Accel.TCG, Optional.empty()));

        assertThat(nodes(xml, "//interface").getLength()).isZero();
        assertThat(nodes(xml, "/domain/devices/channel").getLength()).isEqualTo(1);
        assertThat(xpath(xml, "/domain/devices/channel/@type")).isEqualTo("unix");
        assertThat(xpath(xml, "/domain/devices/channel/source/@mode")).isEqualTo("bind");
        assertThat(xpath(xml, "/domain/devices/channel/source/@path")).isEqualTo("/vms/arclight-w1-vm1/agent.sock");
        assertThat(xpath(xml, "/domain/devices/channel/target/@type")).isEqualTo("virtio");
        assertThat(xpath(xml, "/domain/devices/channel/target/@name")).isEqualTo("arclight.agent");
    }

    @Test
    void logsTheSerialConsoleToAFileAndDestroysOnCrash() throws Exception {
        var xml = parse(render(Accel.TCG, Optional.empty()));

        assertThat(xpath(xml, "/domain/devices/serial/@type")).isEqualTo("file");
        assertThat(xpath(xml, "/domain/devices/serial/source/@path")).isEqualTo("/vms/arclight-w1-vm1/console.log");
        assertThat(xpath(xml, "/domain/on_crash")).isEqualTo("destroy");
    }

    @Test
    void readsBackTheMetadataItWrote() {
        var withTenant = DomainXml.readMetadata(render(Accel.TCG, Optional.of("acme")));
        var pooled = DomainXml.readMetadata(render(Accel.TCG, Optional.empty()));

        assertThat(withTenant).contains(new VmMetadata("w1", "vm1", Optional.of("acme"), CREATED));
        assertThat(pooled).contains(new VmMetadata("w1", "vm1", Optional.empty(), CREATED));
    }

    @Test
    void findsNoMetadataInADomainThatIsNotOurs() {
        assertThat(DomainXml.readMetadata("<domain type='kvm'><name>other</name></domain>"))
                .isEmpty();
        assertThat(DomainXml.readMetadata(
                        "<domain type='kvm'><metadata><foo:vm xmlns:foo='urn:other'/></metadata></domain>"))
                .isEmpty();
        assertThat(DomainXml.readMetadata("not xml")).isEmpty();
    }

    @Test
    void escapesWhatWouldBreakTheXml() throws Exception {
        var image = new GuestImage(IMAGE.kernel(), IMAGE.initrd(), IMAGE.rootfs(), "init=/x a='<b>' & c");
        var spec = new VmSpec("vm1", Optional.of("t&<'>"), 256, 256, 1, image, Accel.TCG);
        var rendered =
                DomainXml.render("arclight-w1-vm1", spec, new VmMetadata("w1", "vm1", spec.tenant(), CREATED), FILES);

        assertThat(xpath(parse(rendered), "/domain/os/cmdline")).isEqualTo("init=/x a='<b>' & c");
        assertThat(DomainXml.readMetadata(rendered).orElseThrow().tenant()).contains("t&<'>");
    }

    private static Document parse(String xml) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static String xpath(Document document, String expression) throws Exception {
        return XPathFactory.newInstance()
                .newXPath()
                .evaluate(expression, document)
                .strip();
    }

    private static NodeList nodes(Document document, String expression) throws Exception {
        return (NodeList) XPathFactory.newInstance().newXPath().evaluate(expression, document, XPathConstants.NODESET);
    }
}
