package dev.arclight.worker.vm;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The domain XML of a clone, made from the XML saved in its template's image: the clone's name,
 * a new UUID, its own file paths and metadata, and an empty generation id (libvirt then gives it
 * a new one, so the guest knows it was cloned), and the worker's TCG translation cache size.
 */
final class CloneXml {

    private static final Pattern METADATA = Pattern.compile("<(\\w+):vm\\b[^>]*>.*?</\\1:vm>", Pattern.DOTALL);

    private CloneXml() {}

    private static final Pattern TCG = Pattern.compile("\\s*<tcg>.*?</tcg>", Pattern.DOTALL);

    static String of(String saved, String name, VmFiles files, VmMetadata metadata) {
        return of(saved, name, files, metadata, TcgProperties.qemuDefault());
    }

    /**
     * As {@link #of(String, String, VmFiles, VmMetadata)}, with the worker's current TCG settings
     * instead of the template's: the translation cache is QEMU's, not the guest's state, so a
     * clone restores with any size, and a changed setting applies without rebuilding templates.
     */
    static String of(String saved, String name, VmFiles files, VmMetadata metadata, TcgProperties tcg) {
        var accel = saved.contains("<domain type='kvm'") ? Accel.KVM : Accel.TCG;
        saved = TCG.matcher(saved).replaceAll("");
        var features = tcg.featuresElement(accel);
        if (!features.isEmpty()) {
            if (!saved.contains("</features>")) {
                throw new VmOperationException("the template's XML has no <features>");
            }
            saved = saved.replaceFirst("</features>", Matcher.quoteReplacement(features + "</features>"));
        }
        var templateName = first(saved, "<name>([^<]+)</name>");
        var xml = saved.replaceFirst("<name>[^<]+</name>", "<name>" + Matcher.quoteReplacement(name) + "</name>")
                .replaceFirst("<uuid>[^<]+</uuid>", "<uuid>" + UUID.randomUUID() + "</uuid>")
                .replaceFirst("<genid>[^<]*</genid>", "<genid/>");
        var templateDir = files.dir().resolveSibling(templateName).toString() + "/";
        xml = xml.replace(templateDir, files.dir() + "/");
        var element = METADATA.matcher(xml);
        if (!element.find()) {
            throw new VmOperationException("the template's XML has no Arclight metadata");
        }
        return element.replaceFirst(Matcher.quoteReplacement(DomainXml.metadataElement(metadata)));
    }

    private static String first(String text, String regex) {
        var m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new VmOperationException("the template's XML has no match for " + regex);
        }
        return m.group(1);
    }
}
