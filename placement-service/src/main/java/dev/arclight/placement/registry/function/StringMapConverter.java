package dev.arclight.placement.registry.function;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stores a string map (environment variables, tags) as a JSON text column; empty maps as null. */
@Converter
class StringMapConverter implements AttributeConverter<Map<String, String>, String> {

    private static final TypeReference<TreeMap<String, String>> TYPE = new TypeReference<>() {};

    @Override
    public String convertToDatabaseColumn(Map<String, String> map) {
        return map == null || map.isEmpty() ? null : JsonMapper.shared().writeValueAsString(new TreeMap<>(map));
    }

    @Override
    public Map<String, String> convertToEntityAttribute(String json) {
        return json == null ? Map.of() : Map.copyOf(JsonMapper.shared().readValue(json, TYPE));
    }
}
