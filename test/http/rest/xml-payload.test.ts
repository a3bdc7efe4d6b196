import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Attributed, RecordList, toJson, toXml } from '../../../src/http/rest/document.js';
import { parseXmlPayload } from '../../../src/http/rest/xml-payload.js';
import { CREATE_SAMPLE_WITH_APP_LIST } from './spec-samples.js';

describe('the REST XML codec', () => {
  it("reads the spec's create sample with <appList> after </platform>", () => {
    const document = parseXmlPayload(CREATE_SAMPLE_WITH_APP_LIST) as { platform: { tenant: Record<string, string> }; appList: string };
    assert.equal(document.platform.tenant.company, 'BSmith Inc');
    assert.equal(document.platform.tenant.force_password_to_be_changed, '0');
    assert.match(document.appList, /^4949678694fe4ccd9dcdfd9c32c49521,\s+eodf3997d57d4c7bb57f28d4e58d364f$/);
  });

  it('decodes the predefined entities and character references, and keeps CDATA as written', () => {
    const document = parseXmlPayload('<?xml version="1.0"?><platform><tenant><company>A &amp; B &#65;&#x42;</company><city><![CDATA[a&amp;b]]></city></tenant></platform>');
    assert.deepEqual(document, { platform: { tenant: { company: 'A & B AB', city: 'a&amp;b' } } });
  });

  it('refuses what is not well formed or not safe, as a malformed payload', () => {
    for (const text of ['', '<platform>', '<a></b>', '<!DOCTYPE a><a/>', '<a>&ent;</a>', '<a>&#1;</a>', '<a>x<b/></a>', `${'<a>'.repeat(40)}${'</a>'.repeat(40)}`]) {
      assert.throws(() => parseXmlPayload(text), { code: 'malformed_payload' }, JSON.stringify(text.slice(0, 30)));
    }
  });

  it('writes empty elements, attributes and record lists, and their JSON mirror', () => {
    const content = {
      tenant: new RecordList([{ id: '1', name: '', owner_id: new Attributed({ type: '', uri: 'u?a=1&b="2"', displayValue: 'A <B>' }, '5') }]),
      message: { code: '0', description: 'Success' },
    };
    assert.equal(
      toXml('platform', content),
      '<?xml version="1.0" encoding="UTF-8"?>\n<platform>\n  <tenant>\n    <id>1</id>\n    <name/>\n' +
        '    <owner_id type="" uri="u?a=1&amp;b=&quot;2&quot;" displayValue="A &lt;B&gt;">5</owner_id>\n  </tenant>\n' +
        '  <message>\n    <code>0</code>\n    <description>Success</description>\n  </message>\n</platform>\n',
    );
    const owner = { type: '', uri: 'u?a=1&b="2"', displayValue: 'A <B>', content: '5' };
    assert.deepEqual(JSON.parse(toJson('platform', content, { strict: false })).platform.tenant, [{ id: '1', name: '', owner_id: owner }]);
    assert.deepEqual(JSON.parse(toJson('platform', content, { strict: true })).platform.tenant, { id: '1', name: '', owner_id: owner });
  });

  it('never writes a character XML cannot carry', () => {
    assert.match(toXml('platform', { name: 'a\u0001b\ud800c' }), /<name>a\ufffdb\ufffdc<\/name>/);
  });
});
