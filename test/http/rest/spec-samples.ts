/**
 * The spec's own sample payloads (agileapps-tenant-resource.md), kept character for character where a
 * client would send them; `{{domain}}` stands for the server's public URL.
 */
export const CREATE_SAMPLE = `<platform>
    <tenant>
        <company>BSmith Inc</company>
        <name>BSmith Inc</name>
        <email>bsmith@email.com</email>
        <last_name>Bob</last_name>
        <password>password</password>
        <first_name>Smith</first_name>
        <phone>650-555-1212</phone>
        <number_of_users>1</number_of_users>
        <country>United States</country>
        <date_format>mm/dd/yyyy</date_format>
        <time_zone>12</time_zone>
        <street>1230 Midas Way</street>
        <city>Sunnyvale</city>
        <force_password_to_be_changed>0</force_password_to_be_changed>
    </tenant>
</platform>`;

/** The create sample as the spec prints it, `<appList>` after `</platform>`. */
export const CREATE_SAMPLE_WITH_APP_LIST = `${CREATE_SAMPLE}
<appList>4949678694fe4ccd9dcdfd9c32c49521,
         eodf3997d57d4c7bb57f28d4e58d364f</appList>`;

export const SAMPLE_APP_IDS = ['4949678694fe4ccd9dcdfd9c32c49521', 'eodf3997d57d4c7bb57f28d4e58d364f'];

export const UPDATE_SAMPLE = `<platform>
<tenant>
    <free>1</free>
    <country>India</country>
    <payment_type>Manual</payment_type>
</tenant>
</platform>`;

export const READ_SAMPLE = `<platform>
    <tenant>
        <id>1479765335</id>
        <object_id>8c5b349851c041a28d19277a12dee8f0</object_id>
        <document_space/>
        <classification/>
        <trial_days/>
        <deleted/>
        <created_id type="" 
            uri="https://{{domain}}/networking/rest/record/USER/1" 
            displayValue="">1</created_id>
        <owner_id type="" 
            uri="https://{{domain}}/networking/rest/record/USER/5" 
            displayValue="Admin">5</owner_id>
        <modified_id type="" 
            uri="https://{{domain}}/networking/rest/record/USER/5" 
            displayValue="Admin">5</modified_id>
        <number>1742261497</number>
        <name/>
        <search_string/>
        <start_date>2010-11-12T13:14:15Z</start_date>
        <payment_type/>
        <license_blocks/>
        <country>United States</country>
        <next_billing_date/>
        <base_subscriber_plan type="" 
            uri="https://{{domain}}/networking/rest/record/456zzy789jhk/null" 
            displayValue=""/>
        <trial_account/>
        <accessory_purchase_plan type="" 
            uri="https://{{domain}}/networking/rest/record/456zzy789jhk/null" 
            displayValue=""/>
        <workflow_owners/>
        <data_space/>
        <date_modified>2010-11-12T13:14:15Z</date_modified>
        <company>Greene Services</company>
        <base_subscriber_option type="" 
            uri="https://{{domain}}/networking/rest/record/456zzy789jhk/null" 
            displayValue=""/>
        <discount/>
        <workflow_state/>
        <active>1</active>
    </tenant>
    <message>
        <code>0</code>
        <description>Success</description>
    </message>
</platform>`;
