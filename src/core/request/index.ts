/**
 * The request model: what a prompt file sends, counted as the model bills it.
 *
 * 1. `parseRequestFile(fileName, text)` — sync, cheap, never throws: a request, plain text, or a
 *    broken prompt file with the place of its problem.
 * 2. `measureImages(request, fileName, reader)` — async: image sizes from file headers and data
 *    URIs through an injected reader; remote URLs are never fetched.
 * 3. `countRequest(request, model, { images })` — sync, per model: parts (messages, framing,
 *    tools, images) with their exactness, the total, and what is omitted. `countRequestWith` does
 *    the same with the texts counted elsewhere (the editor's count worker).
 * 4. `resolveNamedModel(request.model, catalog)` — the model the file names, or the closest ids.
 */
export { parseRequestFile } from './parse';
export { formatFromFileName } from './fileFormat';
export { imageProblems, measureImages, resolveImagePath, type ImageMeasurement, type ImageReader } from './images';
export { IMAGE_HEADER_BYTES, readImageHeader, type ImageFormat, type ImageHeader } from './imageHeader';
export { countRequestWith, type TextBatchCounter } from './countAsync';
export { countRequest, leastExact, type CountRequestOptions, type RequestCount, type RequestPart, type RequestTarget } from './count';
export { resolveNamedModel, type NamedModel } from './namedModel';
export { describeOmission, FORMAT_NAMES, REQUEST_ESTIMATE, REQUEST_NEAR_EXACT, VARIABLE_WORDS } from './describe';
export { ANTHROPIC_TOOL_PROMPT } from './anthropicRules';
export { OPENAI_COOKBOOK } from './openaiRules';
export { TEMPLATE_LIMITS } from './templateLimits';
export type * from './types';
