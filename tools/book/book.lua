-- The workbook's pandoc filter (./workbook book).
-- Headers inside a chapter get ids prefixed with the chapter's ("ch1-conventions"), so that the
-- "Conventions" and "Exercises" sections of different chapters have distinct, stable anchors.
function Pandoc(doc)
  local chapter = nil
  for _, block in ipairs(doc.blocks) do
    if block.t == "Header" then
      local n = block.identifier:match("^chapter%-(%d+)$")
      if block.level == 1 and n then
        chapter = "ch" .. n
      elseif chapter and block.level > 1 then
        if block.identifier == "" then
          block.identifier = chapter .. "-section"
        else
          block.identifier = chapter .. "-" .. block.identifier
        end
      end
    end
  end
  return doc
end
